import { z } from 'zod'
import type { ErrorPayload } from './errors.js'
import { hostIdSchema as hostId, uuidSchema as uuid } from './libvirt-names.js'

/**
 * Virtual machines on libvirt: the inventory, live state, details, XML history, as main returns
 * them to the renderer, the CLI and tests, and the inputs of the vms.* channels. Creating a VM is
 * in vm-create.ts, storage in storage.ts, networks in networks.ts.
 */

export const DOMAIN_STATES = [
  'running',
  'paused',
  'shutoff',
  'crashed',
  'pmsuspended',
  'blocked',
  'shutdown',
  'unknown',
] as const
export type DomainState = (typeof DOMAIN_STATES)[number]

/** One VM in the inventory, keyed by `{ hostId, uuid }`. */
export interface DomainSummary {
  hostId: string
  uuid: string
  name: string
  state: DomainState
  vcpus: number
  /** Current allocation (balloon), KiB. */
  memoryKiB: number
  maxMemoryKiB: number
  autostart: boolean
  /** False for a transient domain (gone once it stops). */
  persistent: boolean
  /** From the libosinfo metadata of the definition, e.g. "ubuntu 22.04"; absent when the VM has none or it was not read yet. */
  os?: string
  /** Guest CPU use over the last sampling interval, 0–100 % of its vCPUs; absent until two samples exist or when not running. */
  cpuPercent?: number
}

/**
 * A domain as the services take it: a name (looked up the way virsh does: an all-digit name can be
 * read as a domain id, a UUID-shaped name as a UUID), or exactly by UUID (the name, if given, is
 * only used in messages).
 */
export type DomainRef = string | { uuid: string; name?: string }

export const domainRefSchema = z.union([
  z.string().min(1).max(1000),
  z
    .object({
      uuid: z.string().regex(/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i),
      name: z.string().min(1).max(1000).optional(),
    })
    .strict(),
])

/** A change seen on the event stream (`virsh event --all --loop`). */
export interface DomainEvent {
  kind: 'domain'
  name: string
  /** libvirt's event type: 'lifecycle', 'reboot', 'graphics', 'tray-change', … */
  type: string
  /** For lifecycle: Defined, Undefined, Started, Suspended, Resumed, Stopped, Shutdown, PMSuspended, Crashed. Otherwise the type. */
  event: string
  /** For lifecycle the reason (Booted, Destroyed, Added, …); otherwise the rest of the line. */
  detail: string
  /** When libvirt reported it (ms since epoch), from `--timestamp`. */
  at?: number
}

/** A storage pool's or virtual network's lifecycle event (`virsh pool-event` / `net-event`). */
export interface LibvirtObjectEvent {
  kind: 'pool' | 'network'
  name: string
  /** Defined, Undefined, Started, Stopped, Created, Deleted (pools). */
  event: string
  at?: number
}

/** The live link to libvirt on one host (its virsh session and its event stream). */
export interface LibvirtConnectionState {
  status: 'connecting' | 'connected' | 'reconnecting' | 'closed'
  /** Why it is reconnecting, in the user's words (e.g. "Disconnected from qemu:///system due to end of file"). */
  reason?: string
  attempt?: number
  nextRetryAt?: number
}

export type Firmware = 'bios' | 'uefi'

export interface DomainDisk {
  /** disk, cdrom, floppy, lun */
  device: string
  /** file, block, volume, network, dir */
  sourceType: string
  /** The file or block device; for volumes the path libvirt resolved (when running) or `pool/volume`. */
  path?: string
  pool?: string
  volume?: string
  target: string
  bus?: string
  cache?: string
  format?: string
  readonly: boolean
  /** Bytes, when cheaply known (domblkinfo). */
  capacity?: number
  allocation?: number
}

export interface DomainNic {
  /** network, bridge, direct, user, … */
  type: string
  source?: string
  mac?: string
  model?: string
  target?: string
}

export interface DomainGraphics {
  type: string
  port?: number
  autoport: boolean
  listen?: string
}

export interface DomainHostdev {
  /** pci, usb, scsi, mdev */
  type: string
  /** e.g. 0000:01:00.0 for PCI, vendor:product for USB. */
  address: string
  managed: boolean
}

export interface DomainOverview {
  machine?: string
  arch?: string
  /** hvm, xen, exe, … */
  osType?: string
  firmware: Firmware
  loader?: string
  secureBoot: boolean
  cpuMode?: string
  cpuModel?: string
  memoryKiB: number
  currentMemoryKiB: number
  vcpus: number
  maxVcpus: number
  os?: string
  title?: string
  description?: string
}

export interface DomainDetails {
  hostId: string
  uuid: string
  name: string
  state: DomainState
  persistent: boolean
  autostart: boolean
  overview: DomainOverview
  disks: DomainDisk[]
  nics: DomainNic[]
  graphics: DomainGraphics[]
  hostdevs: DomainHostdev[]
}

/** What deleting a VM would remove: the UI lists each file for the user to tick. */
export interface DeletionPlan {
  name: string
  uuid: string
  running: boolean
  firmware: Firmware
  /** The NVRAM file of a UEFI VM, when libvirt names it (always once it ran): removed with the definition. */
  nvram?: string
  hasSnapshots: boolean
  /** A saved memory image (managedsave) exists; removed with the definition. */
  managedSave: boolean
  disks: {
    target: string
    device: string
    path: string
    pool?: string
    volume?: string
    size?: number
    inPool: boolean
  }[]
}

export interface DeleteResult {
  undefined: true
  removed: string[]
  failed: { path: string; reason: string }[]
}

/** Preview of an XML edit: nothing applied yet. */
export interface XmlPreview {
  changed: boolean
  /** Unified diff of the current definition (inactive) against the new XML. */
  diff: string
  /** The VM is running: the new definition applies when it next boots. */
  takesEffectAtNextBoot: boolean
  /**
   * SHA-256 of the definition the diff was made against. An apply that carries it is refused
   * (CONFLICT, with the new preview in `data.preview`) when the definition changed since.
   */
  baseHash: string
}

export interface XmlHistoryEntry {
  id: number
  hostId: string
  kind: 'domain' | 'network' | 'pool'
  name: string
  uuid?: string
  reason: string
  savedAt: string
}

/** Progress of long work (creating a disk): bytes done of total when known. */
export interface WorkProgress {
  phase: string
  done?: number
  total?: number
}

/** The lifecycle actions of a VM. */
export const LIFECYCLE_ACTIONS = ['start', 'shutdown', 'reboot', 'destroy', 'suspend', 'resume'] as const
export type LifecycleAction = (typeof LIFECYCLE_ACTIONS)[number]

/** What `define` did: the diff it applied, and where the replaced definition was kept. */
export interface DefineResult extends XmlPreview {
  /** The history entry holding the definition this one replaced; absent when nothing changed. */
  historyId?: number
}

export const VM_ACTIONS = LIFECYCLE_ACTIONS
export type VmAction = LifecycleAction

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
  .extend({
    xml: domainXml,
    reason: z.string().trim().min(1).max(500).optional(),
    /** The previewed definition's `baseHash`: the apply is refused when the definition changed since. */
    baseHash: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional(),
  })
  .strict()
export const vmHistoryRestoreInput = z.object({ hostId, historyId: z.number().int().min(1) }).strict()
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
