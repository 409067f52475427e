import type { DomainState } from '@shared/vms.js'

import { formatBytes } from '@shared/format.js'

export { formatBytes }

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
