import type { LaunchCheck, PassthroughLaunchInput, PassthroughLaunchReport } from '@shared/passthrough-vm.js'
import { passthroughLaunchInput } from '@shared/passthrough-vm.js'
import { AppError } from '@shared/errors.js'
import type { Host } from '../host/host.js'
import type { CallContext } from '../ipc/router.js'
import type { LibvirtConnection } from '../libvirt/libvirt-connection.js'
import { attr, child, find, parseXml, root, text } from '../libvirt/xml/index.js'
import { readPciInventory } from './inventory.js'
import { recognizeLaunchLog } from './launch-log.js'
import { LOOKING_GLASS_SHM } from './looking-glass.js'
import { hostdevAddresses } from './running-vms.js'
import { judgePassthrough } from './viability.js'

export type LaunchConnection = Pick<LibvirtConnection, 'host' | 'uri' | 'where' | 'read' | 'run'>

export interface LaunchServiceOptions {
  connection(hostId: string): Promise<LaunchConnection>
  /** Where sysfs is read ('/' on real hosts; a captured tree in tests). */
  readRoot?: (hostId: string) => string
  /** Between two looks at the domain while watching; 2 s in the app. */
  pollMs?: number
}

function short(address: string): string {
  return address.startsWith('0000:') ? address.slice(5) : address
}

async function readText(host: Host, path: string): Promise<string | null> {
  try {
    return (await host.readFile(path)).toString('utf8')
  } catch {
    return null
  }
}

/** KiB of a <memory> element. */
function memoryKiB(domain: ReturnType<typeof root>): number {
  const mem = child(domain, 'memory')
  const value = Number(text(mem ?? domain)?.trim() ?? '0')
  const unit = (mem === undefined ? undefined : attr(mem, 'unit')) ?? 'KiB'
  const factor: Record<string, number> = {
    KiB: 1,
    k: 1,
    K: 1,
    MiB: 1024,
    M: 1024,
    GiB: 1048576,
    G: 1048576,
    b: 1 / 1024,
    bytes: 1 / 1024,
  }
  return value * (factor[unit] ?? 1)
}

function meminfo(textValue: string | null, key: string): number | undefined {
  const m = textValue?.match(new RegExp(`^${key}:\\s+(\\d+)`, 'm'))
  return m?.[1] === undefined ? undefined : Number(m[1])
}

/**
 * "Start gaming VM": checks what makes a passthrough start fail before starting (every function on
 * vfio-pci, the group viable, hugepages reserved, the Looking Glass file in place), starts, watches
 * the domain's state and its log (/var/log/libvirt/qemu/<vm>.log through the Host) for the first
 * minute, and says plainly what failed and what to do.
 */
export class PassthroughLaunchService {
  constructor(private readonly options: LaunchServiceOptions) {}

  async launch(input: PassthroughLaunchInput, context: CallContext): Promise<PassthroughLaunchReport> {
    const { hostId, vm, watchSeconds } = passthroughLaunchInput.parse(input)
    const conn = await this.options.connection(hostId)
    let xml: string
    try {
      xml = await conn.read(['dumpxml', '--domain', vm, '--inactive'])
    } catch {
      throw new AppError('NOT_FOUND', `No VM named “${vm}” on ${conn.where}`, {
        detail: 'Check the name with virtdeck vm list.',
      })
    }
    context.progress({ message: 'Checking before the start…', fraction: 0.02 })
    const preflight = await this.preflight(hostId, conn.host, xml)
    const report: PassthroughLaunchReport = {
      hostId,
      vm,
      preflight,
      started: false,
      states: [],
      problems: [],
      verdict: '',
      ok: false,
    }
    const failed = preflight.filter((c) => !c.ok)
    if (failed.length > 0) {
      report.verdict = `Not started: ${failed.map((c) => c.label).join('; ')}. ${failed[0]?.evidence ?? ''}`
      return report
    }
    const logPath = `/var/log/libvirt/qemu/${vm}.log`
    const logBefore = (await readText(conn.host, logPath))?.length ?? 0
    const newLog = async (): Promise<string> => ((await readText(conn.host, logPath)) ?? '').slice(logBefore)
    context.progress({ message: `Starting ${vm}…`, fraction: 0.05 })
    try {
      await conn.run(['start', '--domain', vm], { timeoutMs: 120_000 })
    } catch (error) {
      report.startError = error instanceof Error ? error.message : String(error)
      report.problems = recognizeLaunchLog(`${report.startError}\n${await newLog()}`)
      report.verdict = this.verdict(report)
      return report
    }
    report.started = true
    await this.watch(conn, report, watchSeconds, newLog, context)
    return report
  }

  /**
   * The first minute after a start: the domain's state every poll and the new lines of its log,
   * until it stops, the time is up or the caller cancels; the report gets the states, the
   * recognised problems and the verdict.
   */
  async watch(
    conn: LaunchConnection,
    report: PassthroughLaunchReport,
    watchSeconds: number,
    newLog: () => Promise<string>,
    context: CallContext,
  ): Promise<void> {
    const { vm } = report
    const started = Date.now()
    const pollMs = this.options.pollMs ?? 2000
    for (;;) {
      const afterSeconds = Math.round((Date.now() - started) / 100) / 10
      const state = (await conn.read(['domstate', '--domain', vm]).catch(() => 'unknown')).trim()
      report.states.push({ afterSeconds, state })
      context.progress({
        message: `${vm}: ${state} after ${afterSeconds} s`,
        fraction: Math.min(0.99, 0.05 + (0.94 * afterSeconds) / watchSeconds),
      })
      report.problems = recognizeLaunchLog(await newLog())
      if (state !== 'running' || afterSeconds >= watchSeconds || context.signal.aborted) break
      await new Promise((resolve) => setTimeout(resolve, pollMs))
    }
    report.verdict = this.verdict(report)
  }

  private verdict(report: PassthroughLaunchReport): string {
    const last = report.states.at(-1)
    const first = report.problems[0]
    if (!report.started)
      return first === undefined
        ? `libvirt did not start ${report.vm}: ${report.startError ?? 'no reason given'}`
        : `${report.vm} did not start: ${first.what} ${first.todo}`
    if (last?.state === 'running') {
      report.ok = first === undefined
      return first === undefined
        ? `${report.vm} has been running for ${last.afterSeconds} s with no vfio error in its log.`
        : `${report.vm} runs, but its log shows a problem: ${first.what} ${first.todo}`
    }
    return first === undefined
      ? `${report.vm} stopped after ${last?.afterSeconds ?? 0} s (${last?.state ?? 'unknown'}); its log names no known vfio error — read /var/log/libvirt/qemu/${report.vm}.log.`
      : `${report.vm} stopped after ${last?.afterSeconds ?? 0} s: ${first.what} ${first.todo}`
  }

  /** The read root as a path prefix: '' for a real host's '/'. */
  private base(hostId: string): string {
    const root = this.options.readRoot?.(hostId) ?? '/'
    return root === '/' ? '' : root.replace(/\/+$/, '')
  }

  private async preflight(hostId: string, host: Host, xml: string): Promise<LaunchCheck[]> {
    const domain = root(parseXml(xml))
    const addresses = hostdevAddresses(xml)
    const checks: LaunchCheck[] = []
    if (addresses.length === 0) {
      checks.push({
        label: 'The VM has a passed-through device',
        ok: false,
        evidence: 'No <hostdev> in the definition: configure the VM first (Give the card to a VM).',
      })
      return checks
    }
    const inventory = await readPciInventory(host, this.options.readRoot?.(hostId) ?? '/')
    const drivers = addresses.map(
      (a) => `${short(a)}: ${inventory.devices.find((d) => d.address === a)?.driver ?? 'no driver'}`,
    )
    const onVfio = addresses.every(
      (a) => inventory.devices.find((d) => d.address === a)?.driver === 'vfio-pci',
    )
    checks.push({
      label: 'Every passed-through function is on vfio-pci',
      ok: onVfio,
      evidence: onVfio
        ? drivers.join(', ')
        : `${drivers.join(', ')} — apply the host plan and reboot, or check that it verified.`,
    })
    const report = judgePassthrough(hostId, inventory)
    const cards = report.gpus.filter((g) => g.functions.some((f) => addresses.includes(f.address)))
    const blocked = cards.filter((g) => g.viability !== 'viable')
    checks.push({
      label: 'The IOMMU group is viable',
      ok: blocked.length === 0,
      evidence:
        blocked.length === 0
          ? `groups ${cards.flatMap((g) => g.groups.map((x) => x.id)).join(', ') || '—'} hold only the card and bridges`
          : blocked.flatMap((g) => g.blockers).join(' '),
    })
    if (find(domain, 'memoryBacking/hugepages') !== undefined) {
      const info = await readText(host, `${this.base(hostId)}/proc/meminfo`)
      const free = meminfo(info, 'HugePages_Free') ?? 0
      const size = meminfo(info, 'Hugepagesize') ?? 2048
      const need = memoryKiB(domain)
      checks.push({
        label: 'Enough hugepages are reserved',
        ok: free * size >= need,
        evidence: `${free} free × ${size} KiB = ${Math.floor((free * size) / 1024)} MiB; the VM needs ${Math.ceil(need / 1024)} MiB. Reserve more with vm.nr_hugepages.`,
      })
    }
    if (find(domain, `devices/shmem[@name='${LOOKING_GLASS_SHM}']`) !== undefined) {
      const path = `/dev/shm/${LOOKING_GLASS_SHM}`
      const stat = await host
        .exec('stat', ['-c', '%a %U %G', `${this.base(hostId)}${path}`])
        .catch(() => null)
      const [mode, user, group] = (stat?.code === 0 ? stat.stdout.trim() : '').split(' ')
      const ok =
        mode !== undefined &&
        group !== undefined &&
        mode.endsWith('60') &&
        (group === 'kvm' || group === 'libvirt-qemu' || user === 'libvirt-qemu')
      checks.push({
        label: 'The Looking Glass file is writable by QEMU',
        ok,
        evidence:
          stat?.code === 0
            ? `${path}: mode ${mode ?? '?'}, owner ${user ?? '?'}, group ${group ?? '?'}${ok ? '' : ' — want group kvm and mode 0660: sudo systemd-tmpfiles --create /etc/tmpfiles.d/10-looking-glass.conf'}`
            : `${path} does not exist: sudo systemd-tmpfiles --create /etc/tmpfiles.d/10-looking-glass.conf`,
      })
    }
    return checks
  }
}
