import { z } from 'zod'

/** Names and ids the libvirt channels take, checked the same way everywhere. */

export const hostIdSchema = z.string().min(1).max(64)
export const uuidSchema = z
  .string()
  .regex(/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i, 'Not a UUID')
/** A libvirt object name as typed (pool, volume, network): no control characters. */
export const objectNameSchema = z
  .string()
  .min(1)
  .max(200)
  .refine(
    (s) => ![...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f),
    'A name has no control characters',
  )
