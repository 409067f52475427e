import type {
  LxcActionResult,
  LxcAvailability,
  LxcContainer,
  LxcServiceState,
  LxcTemplate,
} from '../containers.js'
import * as ctr from '../containers.js'
import { call, stream } from './define.js'

/** LXC: containers, templates, services and install. */
export const lxcChannels = {
  'lxc.status': call<LxcAvailability>()(ctr.lxcHostInput),
  'lxc.list': call<LxcContainer[]>()(ctr.lxcListInput),
  'lxc.info': call<LxcContainer>()(ctr.lxcInput),
  /** /usr/share/lxc/templates with each one's options; `needsNetwork` for those that download. */
  'lxc.templates': call<LxcTemplate[]>()(ctr.lxcHostInput),
  /** A failed start returns the reason read from lxc-start's log (e.g. a missing bridge) with its fix as data. */
  'lxc.action': call<LxcActionResult>()(ctr.lxcActionInput),
  'lxc.create': stream<LxcContainer>()(ctr.lxcCreateInput),
  'lxc.setLink': call<LxcContainer>()(ctr.lxcSetLinkInput),
  'lxc.services': call<LxcServiceState[]>()(ctr.lxcHostInput),
  'lxc.startService': stream<LxcServiceState>()(ctr.lxcServiceInput),
  'lxc.installPlan': call<{ commands: string[][] }>()(ctr.lxcHostInput),
  'lxc.install': stream<LxcAvailability>()(ctr.lxcHostInput),
} as const
