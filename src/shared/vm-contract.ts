import { z } from 'zod'
import type { ErrorPayload } from './errors.js'
import type {
  CreatePreview,
  CreateResult,
  DefineResult,
  DomainSummary,
  LifecycleAction,
  XmlPreview,
} from './vms.js'
import { LIFECYCLE_ACTIONS, createVmSpecSchema, volumeSpecSchema } from './vms.js'

/**
 * Virtual machines, storage and networks: the input schemas and result types of their channels
 * (the channels themselves are in contract.ts, in their own block).
 */

export const VM_ACTIONS = LIFECYCLE_ACTIONS
export type VmAction = LifecycleAction

const hostId = z.string().min(1).max(64)
const uuid = z
  .string()
  .regex(/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i, 'Not a UUID')
/** A libvirt object name as typed (pool, volume, network): no control characters. */
const objectName = z
  .string()
  .min(1)
  .max(200)
  .refine(
    (s) => ![...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f),
    'A name has no control characters',
  )
/** The XML a user edits: big enough for any real domain, bounded so a paste cannot flood main. */
const domainXml = z
  .string()
  .min(1)
  .max(4 * 1024 * 1024)

export const vmHostInput = z.object({ hostId }).strict()
/** One VM: exactly by UUID; the name, when given, is only used in messages. */
export const vmInput = z.object({ hostId, uuid, name: z.string().min(1).max(1000).optional() }).strict()
export const vmActionInput = vmInput.extend({ action: z.enum(VM_ACTIONS) }).strict()
export const vmAutostartInput = vmInput.extend({ enabled: z.boolean() }).strict()
export const vmDeleteInput = vmInput
  .extend({
    /** Only paths from the deletion plan; anything else is refused before anything happens. */
    removeStorage: z.array(z.string().min(1).max(4096)).max(64).default([]),
    /** Force a running VM off first (without it deleting a running VM is refused). */
    forceOff: z.boolean().default(false),
  })
  .strict()
export const vmXmlInput = vmInput.extend({ inactive: z.boolean().default(true) }).strict()
export const vmXmlPreviewInput = vmInput.extend({ xml: domainXml }).strict()
export const vmDefineInput = vmInput
  .extend({ xml: domainXml, reason: z.string().trim().min(1).max(500).optional() })
  .strict()
export const vmHistoryRestoreInput = z.object({ hostId, historyId: z.number().int().min(1) }).strict()
/** Any string: the answer says what is wrong with it (the wizard checks the name as it is typed). */
export const vmNameCheckInput = z.object({ hostId, name: z.string().max(1000) }).strict()
export const vmCreatePreviewInput = z.object({ hostId, spec: createVmSpecSchema }).strict()
export const vmCreateInput = z
  .object({ hostId, spec: createVmSpecSchema, start: z.boolean().default(false) })
  .strict()

export const poolInput = z.object({ hostId, name: objectName }).strict()
export const poolAutostartInput = poolInput.extend({ enabled: z.boolean() }).strict()
export const volumesInput = z.object({ hostId, pool: objectName }).strict()
export const volumeCreateInput = z.object({ hostId, pool: objectName, spec: volumeSpecSchema }).strict()
export const volumeDeleteInput = z.object({ hostId, pool: objectName, name: objectName }).strict()
export const networkInput = z.object({ hostId, name: objectName }).strict()
export const networkAutostartInput = networkInput.extend({ enabled: z.boolean() }).strict()

/** One host's part of "All hosts": its VMs, or why they could not be listed. */
export interface HostVms {
  hostId: string
  hostName: string
  domains: DomainSummary[]
  error?: ErrorPayload
}

export interface VmListAll {
  hosts: HostVms[]
}

/** "Preview changes" on the XML tab: the diff against the persistent definition, and libvirt's verdict. */
export interface VmXmlPreview extends XmlPreview {
  /** libvirt (a throw-away test-driver connection on the host) accepts it. */
  valid: boolean
  /** Why not, in libvirt's words, one problem a line. */
  problems: string[]
}

export type VmDefineResult = DefineResult

export interface VmNameCheck {
  name: string
  /** Free on the host, and a name VirtDeck accepts. */
  available: boolean
  problem?: string
}

export type VmCreatePreview = CreatePreview
export type VmCreateResult = CreateResult
