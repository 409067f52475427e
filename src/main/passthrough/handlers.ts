import type { Handlers } from '../ipc/router.js'
import type { PassthroughService } from './service.js'
import type { PassthroughVmService } from './vm-change.js'
import type { PassthroughLaunchService } from './launch.js'
import type { PassthroughHooksService } from './hooks-change.js'

type PassthroughChannels =
  | 'passthrough.report'
  | 'passthrough.plan'
  | 'passthrough.apply'
  | 'passthrough.vmPlan'
  | 'passthrough.vmApply'
  | 'passthrough.launch'
  | 'passthrough.hooksPlan'
  | 'passthrough.hooksApply'
  | 'passthrough.inputDevices'

/** The cards, the host plan and the VM configuration through the change engine; undo is the Changes page's. */
export function passthroughHandlers(
  service: PassthroughService,
  vms: PassthroughVmService,
  launcher: PassthroughLaunchService,
  hooks: PassthroughHooksService,
): Pick<Handlers, PassthroughChannels> {
  return {
    'passthrough.report': async ({ hostId }, context) => service.report(hostId, context.signal),
    'passthrough.plan': async ({ hostId, gpu }, context) => service.plan(hostId, gpu, context.signal),
    'passthrough.apply': async ({ hostId, planId }, context) => service.apply(hostId, planId, context),
    'passthrough.vmPlan': async (input, context) => vms.plan(input, context.signal),
    'passthrough.vmApply': async ({ hostId, planId }, context) => vms.apply(hostId, planId, context),
    'passthrough.launch': async (input, context) => launcher.launch(input, context),
    'passthrough.hooksPlan': async (input, context) => hooks.plan(input, context.signal),
    'passthrough.hooksApply': async ({ hostId, planId }, context) => hooks.apply(hostId, planId, context),
    'passthrough.inputDevices': async ({ hostId }, context) => service.inputDevices(hostId, context.signal),
  }
}
