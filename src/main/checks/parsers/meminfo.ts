export interface Hugepages {
  total: number
  free?: number
  /** Bytes. */
  size?: number
  lines: string[]
}

const UNITS: Record<string, number> = { kB: 1024, mB: 1024 ** 2, MB: 1024 ** 2, gB: 1024 ** 3, GB: 1024 ** 3 }

/** The default-size hugepage pool from /proc/meminfo; undefined when the kernel shows none of it. */
export function parseHugepages(text: string): Hugepages | undefined {
  const values = new Map<string, { value: number; unit?: string; line: string }>()
  for (const line of text.split(/\r?\n/)) {
    const match = /^([A-Za-z_()]+):\s+(\d+)(?:\s+(\w+))?/.exec(line)
    if (match === null) continue
    const entry: { value: number; unit?: string; line: string } = { value: Number(match[2]), line }
    if (match[3] !== undefined) entry.unit = match[3]
    values.set(match[1] ?? '', entry)
  }
  const total = values.get('HugePages_Total')
  if (total === undefined) return undefined
  const result: Hugepages = { total: total.value, lines: [total.line] }
  const free = values.get('HugePages_Free')
  if (free !== undefined) {
    result.free = free.value
    result.lines.push(free.line)
  }
  const size = values.get('Hugepagesize')
  if (size !== undefined) {
    result.size = size.value * (UNITS[size.unit ?? ''] ?? 1)
    result.lines.push(size.line)
  }
  return result
}
