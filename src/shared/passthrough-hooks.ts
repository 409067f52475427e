import { z } from 'zod'
import { pciAddressSchema } from './passthrough.js'

/**
 * Single-GPU passthrough's libvirt hook scripts installed as ONE change of the change engine:
 * previewed (every file in full), installed, verified, removed again byte for byte by undo.
 */

const hostId = z.string().min(1).max(64)

export const passthroughHooksPlanInput = z
  .object({
    hostId,
    vm: z
      .string()
      .min(1)
      .max(200)
      .refine((v) => v !== '.' && v !== '..' && !/[/\0\n]/.test(v), 'a VM name without "/" or newlines'),
    gpu: pciAddressSchema,
    /** The display manager unit; read from display-manager.service when absent. */
    displayManager: z
      .string()
      .regex(/^[A-Za-z0-9@._-]+\.service$/, 'a systemd service name such as gdm.service')
      .optional(),
  })
  .strict()
export type PassthroughHooksPlanInput = z.input<typeof passthroughHooksPlanInput>

export const passthroughHooksApplyInput = z.object({ hostId, planId: z.string().min(1).max(64) }).strict()

export interface PassthroughHooksPreview {
  hostId: string
  vm: string
  planId: string | null
  displayManager: string | null
  files: { path: string; before: string | null; after: string; diff: string; mode: string }[]
  /** Folders the change creates (removed again by undo when empty). */
  folders: string[]
  blockers: string[]
  /** What the user must know before installing (no display while the VM runs, SSH, the way back). */
  warnings: string[]
  notes: string[]
}
