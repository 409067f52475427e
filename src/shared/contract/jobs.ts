import type { DomainJob } from '../jobs.js'
import { jobInput } from '../jobs.js'
import { call } from './define.js'

/** Running libvirt jobs of a VM. */
export const jobsChannels = {
  /** The VM's running libvirt job (memory snapshot, save, dump…): progress, and whether it can be cancelled. */
  'jobs.info': call<DomainJob>()(jobInput),
  /** `domjobabort`, refused with the reason where libvirt cannot cancel the running job. */
  'jobs.abort': call<{ aborted: true }>()(jobInput),
} as const
