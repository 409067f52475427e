import { z } from 'zod'
import { hostIdSchema, uuidSchema } from './libvirt-names.js'

/** Screenshot thumbnails of running VMs for the VM list (`virsh screenshot`, shrunk in main). */

export const thumbnailInput = z
  .object({
    hostId: hostIdSchema,
    uuid: uuidSchema,
    maxWidth: z.number().int().min(16).max(640).default(160),
  })
  .strict()

/** A VM's screen, small: a PNG as a data: URL, or why there is none. */
export type VmThumbnail =
  | { kind: 'image'; dataUrl: string; width: number; height: number; at: number }
  | { kind: 'none'; reason: 'not-running' | 'no-graphics' | 'failed'; message: string }
