import { AppError } from '@shared/errors.js'
import type { DomainJob } from '@shared/jobs.js'
import type { VmRef } from '../vms/vm-service.js'
import type { LibvirtConnection } from '../libvirt/libvirt-connection.js'
import { parseJobInfo } from './job-info.js'

export interface JobsServiceOptions {
  connection(hostId: string): Promise<Pick<LibvirtConnection, 'read' | 'run' | 'audited'>>
}

/** The running job of a VM (progress while a long operation runs) and its cancel where libvirt allows it. */
export class JobsService {
  constructor(private readonly options: JobsServiceOptions) {}

  async info(vm: VmRef): Promise<DomainJob> {
    const conn = await this.options.connection(vm.hostId)
    return parseJobInfo(await conn.read(['domjobinfo', '--domain', vm.uuid, '--rawstats']))
  }

  async abort(vm: VmRef): Promise<{ aborted: true }> {
    const conn = await this.options.connection(vm.hostId)
    return conn.audited('domain.jobAbort', vm.name ?? vm.uuid, async () => {
      const job = parseJobInfo(await conn.read(['domjobinfo', '--domain', vm.uuid, '--rawstats']))
      if (!job.active)
        throw new AppError('CONFLICT', 'Nothing to cancel: the operation has already ended.', {
          detail: 'Reload to see its outcome.',
        })
      if (!job.cancellable)
        throw new AppError('UNSUPPORTED', `This ${job.operation} cannot be cancelled`, {
          detail: job.notCancellable ?? '',
        })
      await conn.run(['domjobabort', '--domain', vm.uuid])
      return { aborted: true as const }
    })
  }
}
