/** Numbers typed in a field, read as typed: never rounded or clamped, a problem says why instead. */
export function parseNumber(text: string, what: string): { value: number } | { problem: string } {
  const trimmed = text.trim()
  if (trimmed === '') return { problem: `Give ${what}.` }
  const value = Number(trimmed.replace(',', '.'))
  if (!Number.isFinite(value))
    return {
      problem: `${what[0]?.toUpperCase() ?? ''}${what.slice(1)} must be a number; “${trimmed}” is not.`,
    }
  return { value }
}

/** The problem of a parsed number, or of its check. */
export function numberProblem(
  parsed: { value: number } | { problem: string },
  check: (value: number) => string | undefined,
): string | undefined {
  return 'problem' in parsed ? parsed.problem : check(parsed.value)
}
