import type { Handlers } from '../ipc/router.js'
import type { ChecksService } from './checks-service.js'

export function checksHandlers(doctor: ChecksService): Pick<Handlers, 'checks.run'> {
  return {
    'checks.run': async ({ hostId }, context) => doctor.run(hostId, context),
  }
}
