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
