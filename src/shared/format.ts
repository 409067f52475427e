/**
 * Bytes in the largest binary unit that keeps a number ≥ 1: "1.5 GiB", "64 MiB". `missing` is
 * what an unknown size shows as (the UI uses a dash, the CLI a hyphen for plain terminals).
 */
export function formatBytes(bytes: number | undefined, missing = '—'): string {
  if (bytes === undefined) return missing
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  const shown =
    unit === 0 || value >= 10 || Number.isInteger(value) ? String(Math.round(value)) : value.toFixed(1)
  return `${shown} ${units[unit] ?? 'B'}`
}
