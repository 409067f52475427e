import type { Handlers } from '../ipc/router.js'
import type { PassthroughService } from './service.js'

type PassthroughChannels = 'passthrough.plan' | 'passthrough.apply'

/** The host plan (read-only) and its apply through the change engine; undo is the Changes page's. */
export function passthroughHandlers(service: PassthroughService): Pick<Handlers, PassthroughChannels> {
  return {
    'passthrough.plan': async ({ hostId, gpu }, context) => service.plan(hostId, gpu, context.signal),
    'passthrough.apply': async ({ hostId, planId }, context) => service.apply(hostId, planId, context),
  }
}
