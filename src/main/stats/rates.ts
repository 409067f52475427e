import type { VmSample } from '@shared/stats.js'
import type { DomainCounters } from './domstats-parse.js'

/** Per second from two readings of a cumulative counter; undefined when unknown or reset (the VM restarted). */
function rate(
  previous: number | undefined,
  current: number | undefined,
  seconds: number,
): number | undefined {
  if (previous === undefined || current === undefined || seconds <= 0 || current < previous) return undefined
  return (current - previous) / seconds
}

function set<K extends keyof VmSample>(sample: VmSample, key: K, value: VmSample[K] | undefined): void {
  if (value !== undefined) sample[key] = value
}

/**
 * One VM's sample from its counters now and at the previous round (`seconds` apart). Without a
 * previous round only memory is known (CPU and I/O need two readings).
 */
export function vmSample(
  previous: DomainCounters | undefined,
  current: DomainCounters,
  seconds: number,
): VmSample {
  const sample: VmSample = {}
  const kib = (v: number | undefined): number | undefined => (v === undefined ? undefined : v * 1024)
  const balloon = current.balloonCurrentKiB
  const used =
    balloon !== undefined &&
    current.balloonUnusedKiB !== undefined &&
    current.balloonAvailableKiB !== undefined
      ? // unused is out of available (the guest's view); what the host gave the guest is `current`
        current.balloonAvailableKiB - current.balloonUnusedKiB
      : current.rssKiB
  set(sample, 'memUsedBytes', kib(used))
  set(sample, 'memTotalBytes', kib(current.balloonAvailableKiB ?? balloon))
  if (previous === undefined) return sample
  const cpuNs = rate(previous.cpuTimeNs, current.cpuTimeNs, seconds)
  if (cpuNs !== undefined) {
    const vcpus = current.vcpus !== undefined && current.vcpus > 0 ? current.vcpus : 1
    sample.cpuPercent = Math.min(100, Math.max(0, cpuNs / 1e9 / vcpus) * 100)
  }
  set(sample, 'diskReadBps', rate(previous.blockRdBytes, current.blockRdBytes, seconds))
  set(sample, 'diskWriteBps', rate(previous.blockWrBytes, current.blockWrBytes, seconds))
  set(sample, 'diskReadIops', rate(previous.blockRdReqs, current.blockRdReqs, seconds))
  set(sample, 'diskWriteIops', rate(previous.blockWrReqs, current.blockWrReqs, seconds))
  set(sample, 'netRxBps', rate(previous.netRxBytes, current.netRxBytes, seconds))
  set(sample, 'netTxBps', rate(previous.netTxBytes, current.netTxBytes, seconds))
  return sample
}

const SUMMED = [
  'memUsedBytes',
  'memTotalBytes',
  'diskReadBps',
  'diskWriteBps',
  'diskReadIops',
  'diskWriteIops',
  'netRxBps',
  'netTxBps',
] as const

/**
 * The sum over a host's VMs. CPU is each VM's busy vCPUs added up, as a share of the host's
 * `hostCpus` (undefined when the host's CPU count is unknown).
 */
export function sumSamples(
  samples: readonly { sample: VmSample; vcpus: number }[],
  hostCpus: number | undefined,
): VmSample {
  const total: VmSample = {}
  let busyCpus: number | undefined
  for (const { sample, vcpus } of samples) {
    for (const key of SUMMED) {
      const value = sample[key]
      if (value !== undefined) total[key] = (total[key] ?? 0) + value
    }
    if (sample.cpuPercent !== undefined) busyCpus = (busyCpus ?? 0) + (sample.cpuPercent / 100) * vcpus
  }
  if (busyCpus !== undefined && hostCpus !== undefined && hostCpus > 0)
    total.cpuPercent = Math.min(100, (busyCpus / hostCpus) * 100)
  return total
}
