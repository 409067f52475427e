import type { HostOverview, OverviewAll } from '../overview.js'
import { overviewHostInput } from '../overview.js'
import { call, none } from './define.js'

/** Dashboard numbers per host. */
export const overviewChannels = {
  /** A host's dashboard numbers: VMs by state, what running VMs take, the host's CPUs and memory (/proc). */
  'overview.host': call<HostOverview>()(overviewHostInput),
  /** One row per saved host (disconnected hosts are not connected for this). */
  'overview.all': call<OverviewAll>()(none),
} as const
