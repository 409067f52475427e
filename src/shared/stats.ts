import { z } from 'zod'
import { hostIdSchema } from './libvirt-names.js'

/**
 * Performance graphs: what one sampling round of a host holds (every running VM from one
 * `virsh domstats`, and the host's own CPU and memory), the history kept in main (last hour at 1 s,
 * last day at 1 min), and the inputs of the stats.* channels.
 */

/** One VM at one instant. Rates are per second over the last interval; absent where libvirt did not say. */
export interface VmSample {
  /** 0..100: CPU time used over wall time, divided by the vCPUs (100 = every vCPU busy). */
  cpuPercent?: number
  /** Bytes the guest uses: balloon.current − balloon.unused when the guest reports it, else QEMU's RSS. */
  memUsedBytes?: number
  /** Bytes the guest has: balloon.available, else balloon.current. */
  memTotalBytes?: number
  diskReadBps?: number
  diskWriteBps?: number
  diskReadIops?: number
  diskWriteIops?: number
  netRxBps?: number
  netTxBps?: number
}

/** The host itself (from /proc) and the sum over its running VMs. */
export interface HostSample {
  cpuPercent?: number
  memUsedBytes?: number
  memTotalBytes?: number
  /** Running VMs in this round. */
  runningVms: number
  /** Sums over the VMs (their CPU as a share of the host's CPUs when the count is known). */
  vms: VmSample
}

/** One sampling round of a host, sent as the `stats.sample` event. */
export interface StatsRound {
  /** Epoch milliseconds. */
  at: number
  host: HostSample
  /** By domain name. */
  vms: Record<string, VmSample>
}

export const STATS_METRICS = [
  'cpuPercent',
  'memUsedBytes',
  'memTotalBytes',
  'diskReadBps',
  'diskWriteBps',
  'diskReadIops',
  'diskWriteIops',
  'netRxBps',
  'netTxBps',
] as const satisfies readonly (keyof VmSample)[]
export type StatsMetric = (typeof STATS_METRICS)[number]

export const STATS_RANGES = ['hour', 'day'] as const
/** hour: the last hour at 1 s; day: the last day at 1 min (averages). */
export type StatsRange = (typeof STATS_RANGES)[number]

/** A series in columns: `at[i]` with each metric's value at i (null where unknown). */
export interface StatsSeries {
  range: StatsRange
  /** Seconds between points. */
  stepSeconds: number
  at: number[]
  values: Record<StatsMetric, (number | null)[]>
}

/** A VM's history, or the host's (its own CPU/memory in the metrics, and the VM sums). */
export interface StatsHistory {
  hostId: string
  /** The VM's name, absent for the host. */
  vm?: string
  series: StatsSeries
  /** For the host: the sums over its VMs, same points. */
  vmTotals?: StatsSeries
  /** Sampling runs now (someone watches this host). */
  sampling: boolean
}

/** libvirt domain names as the graphs take them: no control characters. */
const domainName = z
  .string()
  .min(1)
  .max(1000)
  .refine(
    (s) => ![...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f),
    'No control characters',
  )

export const statsWatchInput = z.object({ hostId: hostIdSchema }).strict()
export const statsHistoryInput = z
  .object({ hostId: hostIdSchema, vm: domainName.optional(), range: z.enum(STATS_RANGES) })
  .strict()
