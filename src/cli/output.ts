import { AppError, toErrorPayload } from '@shared/errors.js'

export interface Output {
  json: boolean
  /** Prints a result: JSON when --json, otherwise the text the command renders. */
  result(value: unknown, text: () => string): void
  info(line: string): void
}

export function createOutput(json: boolean): Output {
  return {
    json,
    result(value, text) {
      process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text()}\n`)
    },
    info(line) {
      if (!json) process.stderr.write(`${line}\n`)
    },
  }
}

/** Failure: a one-line reason on stderr (and the error as JSON on stdout with --json), exit code 1 (2 for usage). */
export function fail(error: unknown, json: boolean): never {
  const payload = toErrorPayload(error)
  process.stderr.write(
    `virtdeck: ${payload.message.replace(/\s*\n\s*/g, ' ')}${payload.detail ? ` (${payload.detail.split('\n')[0]})` : ''}\n`,
  )
  if (json) process.stdout.write(`${JSON.stringify({ error: payload }, null, 2)}\n`)
  process.exit(error instanceof AppError && error.code === 'INVALID_INPUT' ? 2 : 1)
}

/** Renders rows as aligned columns. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()
  return [line(headers), ...rows.map(line)].join('\n')
}
