import type { Handlers } from '../ipc/router.js'
import type { TuningService } from './service.js'

type TuningChannels = 'tuning.report' | 'tuning.hostReport' | 'tuning.preview'

/** Read-only: reports and previews. Applying a preview goes through the change engine. */
export function tuningHandlers(service: TuningService): Pick<Handlers, TuningChannels> {
  return {
    'tuning.report': async ({ hostId, vm }) => service.report(hostId, vm),
    'tuning.hostReport': async ({ hostId }, context) => service.hostReport(hostId, context.signal),
    'tuning.preview': async ({ hostId, vm, rules }, context) =>
      service.preview(hostId, vm, rules, context.signal),
  }
}
