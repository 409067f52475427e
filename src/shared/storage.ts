import { z } from 'zod'
import { hostIdSchema as hostId, objectNameSchema as objectName } from './libvirt-names.js'

/** Storage pools and volumes on libvirt: what main returns, and the inputs of the pools.* and volumes.* channels. */

export interface StoragePool {
  hostId: string
  name: string
  uuid: string
  type: string
  state: 'running' | 'inactive' | 'building' | 'degraded' | 'inaccessible' | 'unknown'
  active: boolean
  persistent: boolean
  autostart: boolean
  /** Bytes; absent while the pool is inactive. */
  capacity?: number
  allocation?: number
  available?: number
  path?: string
}

export interface StorageVolume {
  hostId: string
  pool: string
  name: string
  path: string
  /** file, block, dir, network, … */
  type: string
  format?: string
  capacity: number
  allocation: number
}

export const VOLUME_FORMATS = ['qcow2', 'raw'] as const
export const PREALLOCATIONS = ['metadata', 'off', 'full'] as const
export type Preallocation = (typeof PREALLOCATIONS)[number]

/** A volume name as the user types it (also checked at the field in the New volume dialog). */
export const volumeNameSchema = z
  .string()
  .trim()
  .min(1, 'Give the volume a name')
  .max(200)
  .refine(
    (s) => !s.includes('/') && ![...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f),
    'A volume name cannot contain "/" or control characters',
  )
  .refine((s) => s !== '.' && s !== '..', 'A volume name cannot be "." or ".."')

export const volumeSpecSchema = z
  .object({
    name: volumeNameSchema,
    capacityBytes: z
      .number()
      .int()
      .min(1)
      .max(2 ** 53 - 1),
    format: z.enum(VOLUME_FORMATS).default('qcow2'),
    /** metadata (qcow2 only; the default) preallocates qcow2's metadata: up to 5× faster I/O than none. */
    preallocation: z.enum(PREALLOCATIONS).default('metadata'),
  })
  .strict()
export type VolumeSpec = z.input<typeof volumeSpecSchema>

export const poolInput = z.object({ hostId, name: objectName }).strict()
export const poolAutostartInput = poolInput.extend({ enabled: z.boolean() }).strict()
export const volumesInput = z.object({ hostId, pool: objectName }).strict()
export const volumeCreateInput = z.object({ hostId, pool: objectName, spec: volumeSpecSchema }).strict()
export const volumeDeleteInput = z.object({ hostId, pool: objectName, name: objectName }).strict()
