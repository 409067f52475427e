import type { VmCloneResult } from '../vm-clone.js'
import { vmCloneInput } from '../vm-clone.js'
import { stream } from './define.js'

/** Cloning a VM. */
export const cloneChannels = {
  /** Clones a shut-off VM (new name, UUID, MACs; each disk copied or linked), with progress and cancel. */
  'vms.clone': stream<VmCloneResult>()(vmCloneInput),
} as const
