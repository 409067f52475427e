import type { Handlers } from '../ipc/router.js'
import type { ContainerFixesService } from './fixes-service.js'

type FixChannels =
  | 'docker.mtuPlan'
  | 'docker.mtuApply'
  | 'lxc.bridgePlan'
  | 'lxc.bridgeApply'
  | 'docker.forwardPlan'
  | 'docker.forwardApply'

/** The containers' host fixes (Docker MTU and FORWARD-DROP, LXC default bridge) as previewed, undoable changes. */
export function containerFixesHandlers(fixes: ContainerFixesService): Pick<Handlers, FixChannels> {
  return {
    'docker.mtuPlan': async ({ hostId }) => fixes.mtuPlan(hostId),
    'docker.mtuApply': async ({ hostId, planId }, context) => fixes.mtuApply(hostId, planId, context),
    'lxc.bridgePlan': async ({ hostId, bridge }) => fixes.bridgePlan(hostId, bridge),
    'lxc.bridgeApply': async ({ hostId, planId }, context) => fixes.bridgeApply(hostId, planId, context),
    'docker.forwardPlan': async ({ hostId }) => fixes.forwardPlan(hostId),
    'docker.forwardApply': async ({ hostId, planId }, context) => fixes.forwardApply(hostId, planId, context),
  }
}
