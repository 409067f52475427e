import type { StatsRound, VmSample } from '@shared/stats.js'
import type { Host } from '../host/host.js'
import type { LibvirtConnection } from '../libvirt/libvirt-connection.js'
import { DOMSTATS_ARGS, parseDomstats } from './domstats-parse.js'
import type { DomainCounters } from './domstats-parse.js'
import type { CpuTimes } from './proc-parse.js'
import { cpuPercent, parseMeminfo, parseProcStat } from './proc-parse.js'
import { sumSamples, vmSample } from './rates.js'

/** Where one round reads from: the host's libvirt connection and the host itself. */
export interface SampleSource {
  connection(): Promise<Pick<LibvirtConnection, 'read'>>
  host(): Promise<Pick<Host, 'readFile'>>
}

/**
 * Turns successive readings of one host into rounds: one `virsh domstats` for every running domain
 * and /proc/stat + /proc/meminfo, each round compared with the previous for the rates.
 */
export class HostSampler {
  private previous:
    { at: number; domains: Map<string, DomainCounters>; cpu: CpuTimes | undefined } | undefined

  constructor(
    private readonly source: SampleSource,
    private readonly now: () => number = Date.now,
  ) {}

  /** Forget the previous reading (after a pause: rates over a long gap would flatten everything). */
  reset(): void {
    this.previous = undefined
  }

  async round(): Promise<StatsRound> {
    const [domstats, proc] = await Promise.all([
      this.source.connection().then((c) => c.read(DOMSTATS_ARGS)),
      this.readProc(),
    ])
    const at = this.now()
    const domains = new Map(parseDomstats(domstats).map((d) => [d.name, d]))
    const previous = this.previous
    const seconds = previous === undefined ? 0 : (at - previous.at) / 1000
    const vms: Record<string, VmSample> = {}
    const forSum: { sample: VmSample; vcpus: number }[] = []
    for (const [name, counters] of domains) {
      const sample = vmSample(previous?.domains.get(name), counters, seconds)
      vms[name] = sample
      forSum.push({ sample, vcpus: counters.vcpus ?? 1 })
    }
    const cpu = proc.stat === undefined ? undefined : parseProcStat(proc.stat)
    const memory = proc.meminfo === undefined ? undefined : parseMeminfo(proc.meminfo)
    const hostCpu =
      cpu !== undefined && previous?.cpu !== undefined ? cpuPercent(previous.cpu, cpu) : undefined
    this.previous = { at, domains, cpu }
    return {
      at,
      vms,
      host: {
        ...(hostCpu === undefined ? {} : { cpuPercent: hostCpu }),
        ...(memory === undefined ? {} : { memUsedBytes: memory.usedBytes, memTotalBytes: memory.totalBytes }),
        runningVms: domains.size,
        vms: sumSamples(forSum, cpu?.cpus),
      },
    }
  }

  private async readProc(): Promise<{ stat?: string; meminfo?: string }> {
    const host = await this.source.host()
    // Host figures are a bonus: a host whose /proc cannot be read still has VM graphs.
    const read = (path: string): Promise<string | undefined> =>
      host.readFile(path).then(
        (b) => b.toString('utf8'),
        () => undefined,
      )
    const [stat, meminfo] = await Promise.all([read('/proc/stat'), read('/proc/meminfo')])
    return { ...(stat === undefined ? {} : { stat }), ...(meminfo === undefined ? {} : { meminfo }) }
  }
}
