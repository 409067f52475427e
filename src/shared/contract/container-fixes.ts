import type { HostChangeRecord } from '../changes.js'
import type { DockerForwardPlan, DockerMtuPlan, LxcBridgePlan } from '../container-fixes.js'
import * as fixIn from '../container-fixes.js'
import * as ctr from '../containers.js'
import { call, stream } from './define.js'

/** Docker and LXC host fixes as changes (MTU, LXC bridge, FORWARD). */
export const containerFixesChannels = {
  /** The MTU fix as a change: the daemon.json diff (byte-preserving), dockerd --validate, the restart; blockers. */
  'docker.mtuPlan': call<DockerMtuPlan>()(ctr.dockerHostInput),
  /** Applies a previewed MTU plan as one change (backup, verify, Changes page, undo). */
  'docker.mtuApply': stream<HostChangeRecord>()(fixIn.containerFixApplyInput),
  /** lxc.net.0.link = virbr0 (or the bridge given) in /etc/lxc/default.conf as a change. */
  'lxc.bridgePlan': call<LxcBridgePlan>()(fixIn.lxcBridgePlanInput),
  'lxc.bridgeApply': stream<HostChangeRecord>()(fixIn.containerFixApplyInput),
  /** The FORWARD-DROP fix as a change: iptables -I DOCKER-USER accepts per libvirt bridge, undone by -D; blockers. */
  'docker.forwardPlan': call<DockerForwardPlan>()(ctr.dockerHostInput),
  'docker.forwardApply': stream<HostChangeRecord>()(fixIn.containerFixApplyInput),
} as const
