import { z } from 'zod'

/**
 * Virtual machines on libvirt: the inventory, live state, details, XML history, creation, storage
 * and networks, as main returns them to the renderer, the CLI and tests.
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

const volumeName = z
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
    name: volumeName,
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

export interface VirtualNetwork {
  hostId: string
  name: string
  uuid: string
  active: boolean
  persistent: boolean
  autostart: boolean
  bridge?: string
  /** nat, route, bridge, open, isolated (no <forward>), … */
  forwardMode: string
  dhcpRanges: { start: string; end: string }[]
  ipAddress?: string
}

/** Progress of long work (creating a disk): bytes done of total when known. */
export interface WorkProgress {
  phase: string
  done?: number
  total?: number
}

/**
 * A VM name VirtDeck creates. libvirt accepts nearly anything but '/' and a newline; VirtDeck also
 * refuses control characters, names virsh would read as an id or a UUID, and surrounding spaces.
 */
export const domainNameSchema = z
  .string()
  .min(1, 'Give the VM a name')
  .max(100, 'A VM name has at most 100 characters')
  .refine((s) => s.trim() === s, 'A VM name cannot start or end with a space')
  .refine((s) => !s.includes('/'), 'A VM name cannot contain "/"')
  .refine(
    (s) => ![...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f),
    'A VM name cannot contain control characters',
  )
  .refine((s) => !/^\d+$/.test(s), 'A VM name cannot be only digits (virsh would read it as a domain id)')
  .refine(
    (s) => !/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(s),
    'A VM name cannot look like a UUID',
  )

const absolutePath = z.string().min(2).max(4096).startsWith('/', 'Give an absolute path')

export const createVmSpecSchema = z
  .object({
    name: domainNameSchema,
    memoryMiB: z
      .number()
      .int()
      .min(16)
      .max(16 * 1024 * 1024),
    vcpus: z.number().int().min(1).max(1024),
    install: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('iso'), path: absolutePath }).strict(),
      z
        .object({
          kind: z.literal('iso-volume'),
          pool: z.string().min(1).max(200),
          volume: z.string().min(1).max(200),
        })
        .strict(),
      z
        .object({ kind: z.literal('import'), path: absolutePath, format: z.enum(VOLUME_FORMATS).optional() })
        .strict(),
      z.object({ kind: z.literal('none') }).strict(),
    ]),
    /** A new disk in a pool; ignored with install.kind 'import'. */
    disk: z
      .object({
        pool: z.string().min(1).max(200),
        sizeGiB: z
          .number()
          .positive()
          .max(1024 * 1024),
        format: z.enum(VOLUME_FORMATS).default('qcow2'),
        preallocation: z.enum(PREALLOCATIONS).default('metadata'),
      })
      .strict()
      .optional(),
    firmware: z.enum(['bios', 'uefi']).default('bios'),
    /** UEFI only: Secure Boot with Microsoft's keys enrolled (Windows 11). Needs SMM, which nested KVM may lack. */
    secureBoot: z.boolean().default(false),
    /** kvm (hardware acceleration, the default when the host has it) or qemu (TCG emulation: slow, works everywhere). */
    virtType: z.enum(['kvm', 'qemu']).optional(),
    /**
     * The guest CPU with KVM: the host's as is (host-passthrough, the default: fastest), a model
     * computed from it (host-model), or QEMU's default model. Ignored without KVM.
     */
    cpuMode: z.enum(['host-passthrough', 'host-model', 'default']).default('host-passthrough'),
    /** A machine type; default q35 when the host offers it. */
    machine: z.string().min(1).max(100).optional(),
    network: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('network'), name: z.string().min(1).max(200) }).strict(),
      z
        .object({
          kind: z.literal('bridge'),
          name: z
            .string()
            .min(1)
            .max(15)
            .regex(/^[A-Za-z0-9_.:-]+$/, 'A bridge name has letters, digits and . _ : -'),
        })
        .strict(),
      z.object({ kind: z.literal('none') }).strict(),
    ]),
    /** libosinfo id, e.g. http://ubuntu.com/ubuntu/22.04: written as metadata so the inventory shows the OS. */
    osId: z.string().url().max(300).optional(),
  })
  .strict()
export type CreateVmSpec = z.input<typeof createVmSpecSchema>
export type CreateVmSpecParsed = z.output<typeof createVmSpecSchema>

/** What the host offers for new VMs (from capabilities and domcapabilities). */
export interface HostVmCapabilities {
  arch: string
  /** kvm when the host can accelerate, else qemu (TCG). */
  virtType: string
  /** Every domain type the host offers for this architecture. */
  virtTypes: string[]
  machines: string[]
  defaultMachine: string
  uefi: boolean
  /** Firmware autoselection (`<os firmware='efi'>`) is available. */
  firmwareAutoselect: boolean
  loaders: string[]
}

/** The lifecycle actions of a VM. */
export const LIFECYCLE_ACTIONS = ['start', 'shutdown', 'reboot', 'destroy', 'suspend', 'resume'] as const
export type LifecycleAction = (typeof LIFECYCLE_ACTIONS)[number]

/** What `define` did: the diff it applied, and where the replaced definition was kept. */
export interface DefineResult extends XmlPreview {
  /** The history entry holding the definition this one replaced; absent when nothing changed. */
  historyId?: number
}

/** A VM that "Create" would make: its XML, and the disk it would create first. */
export interface CreatePreview {
  xml: string
  /** The volume `create` would make first. */
  newVolume?: { pool: string; name: string; capacityBytes: number; format: string; preallocation: string }
}

export interface CreateResult {
  name: string
  uuid: string
  xml: string
  /** The disk created for it. */
  volume?: StorageVolume
  started: boolean
  /** Defined, but starting failed: why. */
  startError?: string
}
