import type { HostChangeRecord } from '../changes.js'
import type { AddVncPlanView, SpiceLaunch } from '../console.js'
import { addVncApplyInput, addVncPlanInput, spiceOpenInput } from '../console.js'
import { call, stream } from './define.js'

/** VM consoles: SPICE viewer, adding VNC. */
export const consoleChannels = {
  /** Opens the VM's SPICE display in remote-viewer on this computer (a .vv file; tunnelled for SSH hosts). */
  'console.spice': call<SpiceLaunch>()(spiceOpenInput),
  /** The change that adds a VNC display (127.0.0.1) to a SPICE-only VM: its diff; nothing is changed. */
  'console.addVncPlan': call<AddVncPlanView>()(addVncPlanInput),
  /** Applies that plan through the change engine (XML history, Changes page, undo). */
  'console.addVncApply': stream<HostChangeRecord>()(addVncApplyInput),
} as const
