import { z } from 'zod'
import { domainNameSchema } from './vm-create.js'
import { vmInput } from './vms.js'

/**
 * Cloning a shut-off VM: a new name, UUID and MAC addresses, and its own disks — each disk either
 * fully copied (`qemu-img convert`: independent of the original, takes time and space) or linked
 * (`qemu-img create -b ORIGINAL -F FORMAT`: a small qcow2 overlay that records only what the clone
 * changes; instant, but the original disk must stay where it is and must never change again, or
 * the clone's disk is corrupted).
 */

export const CLONE_MODES = ['copy', 'linked'] as const
export type CloneMode = (typeof CLONE_MODES)[number]

export const vmCloneInput = vmInput
  .extend({
    clone: z
      .object({
        name: domainNameSchema,
        mode: z.enum(CLONE_MODES).default('copy'),
      })
      .strict(),
  })
  .strict()

export interface ClonedDisk {
  target: string
  /** The original's file. */
  source: string
  /** The clone's own file. */
  path: string
  format: string
  /** Linked clones: the file the clone's disk builds on (the original's). */
  backing?: string
}

export interface VmCloneResult {
  name: string
  uuid: string
  macs: string[]
  disks: ClonedDisk[]
  /** Disks shared as they are (read-only media such as an installer ISO). */
  shared: string[]
}
