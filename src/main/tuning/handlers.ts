import type { Handlers } from '../ipc/router.js'
import type { TuningService } from './service.js'

type TuningChannels =
  | 'tuning.report'
  | 'tuning.hostReport'
  | 'tuning.preview'
  | 'tuning.measure'
  | 'tuning.apply'
  | 'tuning.convert'

/** Reports, previews and the measurement (scratch images, removed). Applying goes through the change engine. */
export function tuningHandlers(service: TuningService): Pick<Handlers, TuningChannels> {
  return {
    'tuning.report': async ({ hostId, vm }) => service.report(hostId, vm),
    'tuning.hostReport': async ({ hostId }, context) => service.hostReport(hostId, context.signal),
    'tuning.convert': async ({ hostId, vm, image }, context) => service.convert(hostId, vm, image, context),
    'tuning.apply': async ({ hostId, planId }, context) => service.apply(hostId, planId, context),
    'tuning.preview': async ({ hostId, vm, rules }, context) =>
      service.preview(hostId, vm, rules, context.signal),
    'tuning.measure': async ({ hostId, vm }, context) => {
      context.progress({ message: 'qemu-img bench without and with metadata preallocation…', fraction: 0 })
      return service.measure(hostId, vm, context.signal)
    },
  }
}
