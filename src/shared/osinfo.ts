import { z } from 'zod'

export const osinfoHostInput = z.object({ hostId: z.string().min(1).max(64) }).strict()
/** libosinfo short ids are letters, digits, dots, dashes, underscores and plus signs ("win11", "ubuntu24.04"). */
export const osShortId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._+-]*$/, 'Not a libosinfo short id')
export const osinfoDetailsInput = z.object({ hostId: z.string().min(1).max(64), shortId: osShortId }).strict()

/** One operating system libosinfo knows (a row of `osinfo-query os`). */
export interface OsEntry {
  shortId: string
  /** The libosinfo id written into the domain's metadata, e.g. http://ubuntu.com/ubuntu/24.04 */
  id: string
  name: string
  version?: string
  family?: string
  vendor?: string
}

export interface OsCatalog {
  /** libosinfo (osinfo-query) is installed on the host; otherwise `entries` is VirtDeck's short fallback list. */
  source: 'libosinfo' | 'fallback'
  entries: OsEntry[]
  /** When libosinfo is absent: how to install it. */
  installHint?: string
}

export type DiskBus = 'virtio' | 'sata' | 'scsi' | 'ide'
export type NicModel = 'virtio' | 'e1000e' | 'e1000' | 'rtl8139'

/** What the OS database recommends for a new VM of this OS (absent where it says nothing). */
export interface OsRecommendation {
  shortId: string
  id: string
  name: string
  memoryMiB?: number
  diskGiB?: number
  /** The minimum CPUs the OS needs. */
  vcpus?: number
  diskBus?: DiskBus
  nicModel?: NicModel
  /** Where the values came from (the osinfo-db file, or VirtDeck's fallback list). */
  source: string
}
