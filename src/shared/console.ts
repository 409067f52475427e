import { z } from 'zod'
import { vmInput } from './vms.js'

/** `console.spice`: open the VM's SPICE display in remote-viewer (virt-viewer) on this computer. */
export const spiceOpenInput = vmInput

export interface SpiceLaunch {
  /** The viewer started (its path). */
  viewer: string
  /** Where the viewer connects: the VM's own port locally, a tunnel on 127.0.0.1 for an SSH host. */
  connectTo: string
  /** For an SSH host: the tunnel lives while the viewer runs. */
  tunnelled: boolean
}

/** `console.addVncPlan`: the change that adds a VNC display to a SPICE-only VM (preview). */
export const addVncPlanInput = vmInput
/** `console.addVncApply`: applies a previewed plan, by its id. */
export const addVncApplyInput = z
  .object({ hostId: z.string().min(1).max(64), planId: z.string().min(1).max(64) })
  .strict()

/** The plan as the renderer sees it: the diff, never the definitions (they may hold console passwords). */
export interface AddVncPlanView {
  id: string
  hostId: string
  vm: string
  diff: string
  notes: string[]
  /** libvirt (a throw-away test-driver check) accepts the new definition; else why not. */
  valid: boolean
  problems: string[]
}
