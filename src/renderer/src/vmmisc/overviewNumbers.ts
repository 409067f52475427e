import type { HostOverview } from '@shared/overview.js'

/** "3 of 8" with its share, 0–100 (capped for the bar; the text keeps the real share). */
export interface Share {
  used: number
  total: number
  percent: number
  over: boolean
}

export function share(used: number, total: number | undefined): Share | undefined {
  if (total === undefined || total <= 0) return undefined
  const percent = Math.round((used / total) * 100)
  return { used, total, percent, over: used > total }
}

/** The Overview's CPU and memory shares: running VMs' vCPUs against the host's CPUs, their memory and the host's use against its memory. */
export function overviewShares(o: HostOverview): {
  vcpus: Share | undefined
  vmMemory: Share | undefined
  hostMemory: Share | undefined
} {
  return {
    vcpus: share(o.allocated.vcpus, o.totals?.cpus),
    vmMemory: share(o.allocated.memoryKiB, o.totals?.memoryKiB),
    hostMemory: share(o.totals?.memoryUsedKiB ?? 0, o.totals?.memoryKiB),
  }
}
