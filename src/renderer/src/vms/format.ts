import type { DomainState } from '../../../shared/vms'

/** Bytes in the largest binary unit that keeps a number ≥ 1: "1.5 GiB", "64 MiB". */
export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined) return '—'
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

export function formatKiB(kib: number): string {
  return formatBytes(kib * 1024)
}

export const STATE_WORDS: Record<DomainState, string> = {
  running: 'Running',
  paused: 'Paused',
  shutoff: 'Shut off',
  crashed: 'Crashed',
  pmsuspended: 'Suspended',
  blocked: 'Blocked',
  shutdown: 'Shutting down',
  unknown: 'Unknown',
}

/** The VM runs (a guest exists): it can be shut down, forced off, paused. */
export function isActive(state: DomainState): boolean {
  return state !== 'shutoff' && state !== 'crashed' && state !== 'unknown'
}

export function formatWhen(iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString()
}
