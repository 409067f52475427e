import type { Handlers } from './router.js'
import type { DoctorService } from '../services/doctor-service.js'

export function checksHandlers(doctor: DoctorService): Pick<Handlers, 'checks.run'> {
  return {
    'checks.run': async ({ hostId }, context) => doctor.run(hostId, context),
  }
}
