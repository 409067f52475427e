import type { Handlers } from '../ipc/router.js'
import type { GuestCpuService } from './guest-cpu-service.js'
import type { NestedService } from './nested-service.js'

type NestedChannels =
  | 'nested.status'
  | 'nested.plan'
  | 'nested.xenPlan'
  | 'nested.apply'
  | 'nested.undo'
  | 'nested.changes'
  | 'nested.guestCpuPlan'
  | 'nested.guestCpuApply'

export function nestedHandlers(
  nested: NestedService,
  guest: GuestCpuService,
): Pick<Handlers, NestedChannels> {
  return {
    'nested.status': async ({ hostId }) => nested.status(hostId),
    'nested.plan': async ({ hostId, method }) => nested.plan(hostId, method),
    'nested.xenPlan': async ({ hostId, domain }) => nested.xenPlan(hostId, domain),
    'nested.apply': async ({ hostId, planId }, context) => nested.apply(hostId, planId, context),
    'nested.undo': async ({ hostId, changeId, force }, context) =>
      nested.undo(hostId, changeId, force, context),
    'nested.changes': async ({ hostId }) => nested.changes(hostId),
    'nested.guestCpuPlan': async ({ hostId, vmName }) => guest.plan(hostId, vmName),
    'nested.guestCpuApply': async ({ hostId, planId }, context) => guest.apply(hostId, planId, context),
  }
}
