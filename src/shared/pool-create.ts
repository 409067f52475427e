import { z } from 'zod'
import { hostIdSchema as hostId, objectNameSchema as objectName } from './libvirt-names.js'

/** Creating and deleting storage pools: the kinds VirtDeck offers, each field checked in the user's words. */

export const POOL_KINDS = ['dir', 'logical', 'netfs', 'iscsi'] as const
export type PoolKind = (typeof POOL_KINDS)[number]

export const POOL_KIND_WORDS: Record<PoolKind, string> = {
  dir: 'Directory',
  logical: 'LVM volume group',
  netfs: 'NFS share',
  iscsi: 'iSCSI target',
}

const noControl = (s: string): boolean =>
  ![...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)

export const poolNameSchema = z
  .string()
  .trim()
  .min(1, 'Give the pool a name')
  .max(100, 'A pool name is at most 100 characters')
  .refine((s) => !s.includes('/'), 'A pool name cannot contain "/"')
  .refine(noControl, 'A pool name cannot contain control characters (such as a line break)')

/** An absolute path on the host. */
export const hostPathSchema = (what: string): z.ZodType<string, string> =>
  z
    .string()
    .trim()
    .min(1, `Give the ${what}`)
    .max(4096)
    .refine((s) => s.startsWith('/'), `The ${what} must be an absolute path, starting with "/"`)
    .refine(noControl, `The ${what} cannot contain control characters`)
    .refine((s) => !s.split('/').includes('..'), `The ${what} cannot contain ".."`)

/** A host name or an IPv4/IPv6 address, as a remote server is named. */
export const serverSchema = z
  .string()
  .trim()
  .min(1, 'Give the server (a host name or an IP address)')
  .max(253)
  .refine(
    (s) =>
      /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/.test(
        s,
      ) || /^[0-9a-fA-F:]+$/.test(s),
    'The server is a host name (letters, digits, "-" and ".") or an IP address',
  )

export const volumeGroupSchema = z
  .string()
  .trim()
  .min(1, 'Give the volume group name')
  .max(127)
  .regex(/^[A-Za-z0-9+_.][A-Za-z0-9+_.-]*$/, 'A volume group name uses letters, digits and + _ . - only')
  .refine((s) => s !== '.' && s !== '..', 'A volume group cannot be named "." or ".."')

/** iqn.YYYY-MM.reverse.domain[:anything] or eui.16 hex digits (RFC 3720). */
export const iqnSchema = z
  .string()
  .trim()
  .min(1, 'Give the target IQN')
  .max(223)
  .regex(
    /^(iqn\.\d{4}-\d{2}\.[a-z0-9][a-z0-9.-]*(:[^\s]+)?|eui\.[0-9A-Fa-f]{16})$/,
    'An IQN looks like iqn.2024-01.com.example:storage (or eui. and 16 hex digits)',
  )

export const poolSpecSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('dir'), name: poolNameSchema, path: hostPathSchema('directory') }).strict(),
  z
    .object({
      kind: z.literal('logical'),
      name: poolNameSchema,
      volumeGroup: volumeGroupSchema,
      /** Devices to make the volume group from ("Build"); none when it exists already. */
      devices: z.array(hostPathSchema('device')).max(32).default([]),
    })
    .strict(),
  z
    .object({
      kind: z.literal('netfs'),
      name: poolNameSchema,
      server: serverSchema,
      exportPath: hostPathSchema('exported directory'),
      path: hostPathSchema('mount point'),
    })
    .strict(),
  z
    .object({
      kind: z.literal('iscsi'),
      name: poolNameSchema,
      server: serverSchema,
      target: iqnSchema,
      /** Where the LUNs appear; /dev/disk/by-path keeps names stable. */
      path: hostPathSchema('device directory').default('/dev/disk/by-path'),
    })
    .strict(),
])
export type PoolSpec = z.input<typeof poolSpecSchema>
export type PoolSpecParsed = z.output<typeof poolSpecSchema>

export interface PoolKindOffer {
  kind: PoolKind
  label: string
  /** false: this host's libvirt lacks the backend (libvirt-daemon-driver-storage-…). */
  supported: boolean
}

export interface PoolPreview {
  xml: string
  /** Said before creating: the directory is missing (Build makes it), the VG does not exist, … */
  notes: string[]
}

export const poolPreviewInput = z.object({ hostId, spec: poolSpecSchema }).strict()
export const poolCreateInput = z
  .object({
    hostId,
    spec: poolSpecSchema,
    /** pool-build first (makes the directory, the VG from its devices, …). */
    build: z.boolean().default(true),
    start: z.boolean().default(true),
    autostart: z.boolean().default(true),
  })
  .strict()
export const poolDeleteInput = z.object({ hostId, name: objectName }).strict()
export const poolKindsInput = z.object({ hostId }).strict()
