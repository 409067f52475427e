import type { DoctorRun } from '@shared/checks.js'
import { AppError } from '@shared/errors.js'
import { runDoctor, toJson, toMarkdown } from './index.js'
import type { DoctorOptions } from './index.js'
import type { CallContext } from '../ipc/router.js'
import type { HostRegistry } from '../services/host-registry.js'

export interface ChecksServiceOptions {
  registry: HostRegistry
  /** Passed to every run (tests shorten the timeouts or fix the clock). */
  doctor?: Omit<DoctorOptions, 'libvirtUri'>
}

/** Rejects with CANCELLED as soon as the signal fires; the checks' own commands end at their timeouts. */
function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => {
    const cancelled = (): void => reject(new AppError('CANCELLED', 'The checks were cancelled.'))
    if (signal.aborted) cancelled()
    else signal.addEventListener('abort', cancelled, { once: true })
  })
}

/** "Doctor": every host check on a saved host (local or SSH), with the report exported as Markdown and JSON. */
export class ChecksService {
  constructor(private readonly options: ChecksServiceOptions) {}

  async run(hostId: string, context: CallContext): Promise<DoctorRun> {
    const record = this.options.registry.record(hostId)
    context.progress({ message: `Connecting to ${record.name}…`, fraction: 0.05 })
    // Connect first: an unreachable host or an unknown host key is an error to show, not a report of "unknown"s.
    await Promise.race([this.options.registry.connect(hostId), untilAborted(context.signal)])
    const host = await this.options.registry.get(hostId)
    context.progress({
      message: 'Reading the CPU, KVM, IOMMU and libvirt, and trying KVM for real…',
      fraction: 0.2,
    })
    const report = await Promise.race([
      runDoctor(host, { ...this.options.doctor, libvirtUri: record.libvirtUri }),
      untilAborted(context.signal),
    ])
    context.progress({ message: `Done: ${report.verdict.headline}`, fraction: 1 })
    return { report, markdown: toMarkdown(report, { hostName: record.name }), json: toJson(report) }
  }
}
