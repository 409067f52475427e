import { AppError } from '@shared/errors.js'
import type { HostTotals } from '@shared/overview.js'
import type { Host } from '../host/host.js'

/** Parses `cat /proc/meminfo /proc/loadavg /proc/cpuinfo` (in that order; each part found by its shape). */
export function parseHostTotals(text: string): HostTotals | undefined {
  const kib = (key: string): number | undefined => {
    const m = new RegExp(`^${key}:\\s+(\\d+)\\s*kB`, 'm').exec(text)
    return m?.[1] === undefined ? undefined : Number(m[1])
  }
  const total = kib('MemTotal')
  const available = kib('MemAvailable') ?? kib('MemFree')
  const cpus = text.split('\n').filter((line) => /^processor\s*:/.test(line)).length
  const load = /^(\d+(?:\.\d+)?) \d+(?:\.\d+)? \d+(?:\.\d+)? \d+\/\d+ \d+$/m.exec(text)
  if (total === undefined || available === undefined || cpus === 0) return undefined
  return {
    cpus,
    memoryKiB: total,
    memoryUsedKiB: Math.max(0, total - available),
    load1: load?.[1] === undefined ? 0 : Number(load[1]),
  }
}

/** The host's CPUs and memory from /proc, through the Host (local or SSH): one command, no shell. */
export async function readHostTotals(host: Host): Promise<HostTotals> {
  const result = await host.exec('cat', ['/proc/meminfo', '/proc/loadavg', '/proc/cpuinfo'], {
    timeoutMs: 10_000,
  })
  const totals = result.code === 0 ? parseHostTotals(result.stdout) : undefined
  if (totals === undefined)
    throw new AppError('COMMAND_FAILED', 'Could not read the host’s CPUs and memory from /proc', {
      detail: result.stderr.trim() || 'The output of /proc/meminfo or /proc/cpuinfo was not understood.',
    })
  return totals
}
