import { z } from 'zod'
import { hostIdSchema as hostId, objectNameSchema as objectName } from './libvirt-names.js'
import { volumeNameSchema } from './storage.js'

/** Volume resize, clone, upload/download and "used by": the inputs of the volumes.* channels beyond create/delete. */

export interface VolumeUsers {
  name: string
  users: { vm: string; target: string; running: boolean }[]
}

export interface TransferResult {
  bytes: number
  /** Where the data went or came from. */
  localPath: string
}

const localPath = z
  .string()
  .min(1, 'Choose a local file')
  .max(4096)
  .refine((s) => s.startsWith('/'), 'The local file must be an absolute path')
  .refine((s) => !s.includes('\0'), 'The local path cannot contain a NUL character')

export const volumeResizeInput = z
  .object({
    hostId,
    pool: objectName,
    name: objectName,
    capacityBytes: z
      .number()
      .int('The size is a whole number of bytes')
      .min(1, 'The size must be above zero')
      .max(2 ** 53 - 1),
    /** Shrinking cuts data off the end: only when the user said so. */
    allowShrink: z.boolean().default(false),
  })
  .strict()
export const volumeCloneInput = z
  .object({ hostId, pool: objectName, name: objectName, newName: volumeNameSchema })
  .strict()
export const volumeUploadInput = z
  .object({
    hostId,
    pool: objectName,
    /** The new volume's name; it is created with the file's size (qcow2 when the file is qcow2, else raw). */
    name: volumeNameSchema,
    localPath,
  })
  .strict()
export const volumeDownloadInput = z
  .object({
    hostId,
    pool: objectName,
    name: objectName,
    localPath,
    /** Replace the local file when it exists. */
    overwrite: z.boolean().default(false),
  })
  .strict()
export const volumeUsersInput = z.object({ hostId, pool: objectName }).strict()
