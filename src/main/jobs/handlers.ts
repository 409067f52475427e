import type { Handlers } from '../ipc/router.js'
import type { JobsService } from './jobs-service.js'

export function jobsHandlers(jobs: JobsService): Pick<Handlers, 'jobs.info' | 'jobs.abort'> {
  return {
    'jobs.info': async (vm) => jobs.info(vm),
    'jobs.abort': async (vm) => jobs.abort(vm),
  }
}
