import { z } from 'zod'
import type { HostChangeRecord } from './changes.js'
import { hostIdSchema as hostId, objectNameSchema as objectName } from './libvirt-names.js'
import {
  absolutePathProblem,
  listenProblem,
  macProblem,
  memoryProblem,
  passwordLimitProblem,
  passwordProblem,
  sizeGiBProblem,
  tagProblem,
  vcpusProblem,
} from './vm-hardware-checks.js'

/**
 * A VM's hardware without XML: what it has (read from its definition, and from the running VM),
 * the edits the Hardware tab offers (each a previewed change of the change engine), and the field
 * checks in the user's words — shared by main (zod), the renderer (at the field) and the CLI.
 */

export const DISK_BUSES = ['virtio', 'sata', 'scsi'] as const
export const CDROM_BUSES = ['sata', 'scsi', 'ide'] as const
export const CACHE_MODES = ['default', 'none', 'writeback', 'writethrough', 'directsync', 'unsafe'] as const
export const NIC_MODELS = ['virtio', 'e1000e', 'e1000', 'rtl8139'] as const
export const GRAPHICS_TYPES = ['vnc', 'spice', 'none'] as const
export const VIDEO_MODELS = ['virtio', 'qxl', 'vga', 'bochs', 'cirrus', 'none'] as const
export const TPM_VERSIONS = ['2.0', '1.2'] as const
export const DISK_FORMATS = ['qcow2', 'raw'] as const

export interface HwDisk {
  /** Guest device name (`vda`, `sdb`): how an edit names the disk. */
  target: string
  device: 'disk' | 'cdrom' | 'floppy' | 'lun'
  bus: string
  /** file | block | volume | network */
  type: string
  /** File or device path, `pool/volume`, or a network URL; undefined for an empty CD-ROM drive. */
  source?: string
  format?: string
  cache?: string
  readonly: boolean
  bootOrder?: number
}

export interface HwNic {
  mac: string
  /** network | bridge | direct | user | … */
  type: string
  /** The network or bridge name. */
  source?: string
  model?: string
  linkUp: boolean
  bootOrder?: number
}

export interface HwHostdev {
  kind: 'usb' | 'pci'
  /** usb: `VVVV:PPPP` (vendor:product); pci: `DDDD:BB:SS.F`. */
  id: string
}

export interface HwGraphics {
  type: string
  listen?: string
  hasPassword: boolean
}

export interface HardwareView {
  hostId: string
  vm: string
  uuid: string
  running: boolean
  memory: { currentMiB: number; maxMiB: number }
  vcpus: { current: number; max: number }
  boot: {
    menu: boolean
    /** `<os><boot dev>` entries (when no device has its own order). */ osDevices: string[]
  }
  disks: HwDisk[]
  nics: HwNic[]
  graphics: HwGraphics[]
  video?: string
  hostdevs: HwHostdev[]
  tpm?: { model: string; backend: string; version?: string }
  filesystems: { source: string; tag: string; driver: string }[]
  sharedMemory: boolean
  /** What the running VM does not have yet: defined, waiting for its next boot (empty when shut off). */
  restartNeeded: string[]
  /** What the host offers for the choices: its pools, networks, bridges, and the helpers TPM and virtiofs need. */
  host: HardwareHost
}

export interface HardwareHost {
  pools: { name: string; active: boolean }[]
  networks: { name: string; active: boolean }[]
  /** Host bridges (`/sys/class/net/*\/bridge`). */
  bridges: string[]
  /** libvirt can emulate a TPM (swtpm installed: domcapabilities lists the emulator backend). */
  swtpm: boolean
  /** Where virtiofsd was found; undefined when it is missing. */
  virtiofsd?: string
  /** ISO images in the active pools (paths), for the CD-ROM drive. */
  isos?: string[]
}

export interface HostDevice {
  kind: 'usb' | 'pci'
  /** As an edit names it (see HwHostdev.id). */
  id: string
  /** libvirt's node device name (`usb_1_2`, `pci_0000_01_00_0`). */
  name: string
  vendor: string
  product: string
  /** PCI class as hex (`0x030000`); display controllers are GPUs. */
  pciClass?: string
  /** Set for a GPU: it goes through the passthrough flow, not this list. */
  gpu: boolean
}

export {
  MAC_RE,
  absolutePathProblem,
  listenProblem,
  macProblem,
  memoryProblem,
  passwordLimitProblem,
  passwordProblem,
  sizeGiBProblem,
  tagProblem,
  vcpusProblem,
} from './vm-hardware-checks.js'
/** `schema` with the problem a field check finds reported in its words. */
function checked<T extends z.ZodType>(schema: T, problem: (v: z.output<T>) => string | undefined): T {
  return schema.superRefine((v, ctx) => {
    const found = problem(v)
    if (found !== undefined) ctx.addIssue({ code: 'custom', message: found })
  }) as unknown as T
}

const mac = checked(z.string(), macProblem)
const target = z.string().regex(/^[a-z]{2,3}[a-z0-9]{1,6}$/, 'Not a disk name such as vda or sdb')
const path = checked(z.string().min(1).max(4096), (p) => absolutePathProblem(p))
const sizeGiB = checked(z.number(), (v) => sizeGiBProblem(v))

const diskSource = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('new'),
      pool: objectName,
      name: objectName,
      sizeGiB,
      format: z.enum(DISK_FORMATS),
    })
    .strict(),
  z.object({ type: z.literal('volume'), pool: objectName, volume: objectName }).strict(),
  z.object({ type: z.literal('file'), path, format: z.enum(DISK_FORMATS) }).strict(),
])
const nicSource = z
  .object({
    type: z.enum(['network', 'bridge']),
    name: objectName.refine((s) => s.trim() === s && s !== '', 'Choose a network or bridge'),
  })
  .strict()

export const hwEditSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('disk.add'),
      source: diskSource,
      bus: z.enum(DISK_BUSES),
      cache: z.enum(CACHE_MODES),
    })
    .strict(),
  z.object({ kind: z.literal('disk.remove'), target, deleteVolume: z.boolean() }).strict(),
  z
    .object({
      kind: z.literal('disk.update'),
      target,
      bus: z.enum(DISK_BUSES).optional(),
      cache: z.enum(CACHE_MODES).optional(),
    })
    .strict(),
  z.object({ kind: z.literal('cdrom.add'), bus: z.enum(CDROM_BUSES), path: path.optional() }).strict(),
  z.object({ kind: z.literal('cdrom.media'), target, path: path.nullable() }).strict(),
  z
    .object({ kind: z.literal('nic.add'), source: nicSource, model: z.enum(NIC_MODELS), mac: mac.optional() })
    .strict(),
  z.object({ kind: z.literal('nic.remove'), mac }).strict(),
  z
    .object({
      kind: z.literal('nic.update'),
      mac,
      source: nicSource.optional(),
      model: z.enum(NIC_MODELS).optional(),
      newMac: mac.optional(),
      linkUp: z.boolean().optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('boot'),
      /** Devices in boot order: `disk:vda`, `nic:52:54:00:…`; the others boot never. */
      order: z
        .array(z.string().regex(/^(disk:[a-z0-9]+|nic:[0-9a-f:]{17})$/i, 'Not a device of this VM'))
        .max(32),
      menu: z.boolean(),
    })
    .strict(),
  z
    .object({ kind: z.literal('memory'), currentMiB: z.number(), maxMiB: z.number() })
    .strict()
    .superRefine((v, ctx) => {
      const found = memoryProblem(v.currentMiB, v.maxMiB)
      if (found !== undefined) ctx.addIssue({ code: 'custom', message: found })
    }),
  z
    .object({ kind: z.literal('vcpus'), current: z.number(), max: z.number() })
    .strict()
    .superRefine((v, ctx) => {
      const found = vcpusProblem(v.current, v.max)
      if (found !== undefined) ctx.addIssue({ code: 'custom', message: found })
    }),
  z
    .object({
      kind: z.literal('graphics'),
      type: z.enum(GRAPHICS_TYPES),
      listen: checked(z.string().max(64), listenProblem),
      /** A new console password; absent keeps the current one. Never logged, never sent back. */
      password: checked(z.string(), passwordProblem).optional(),
      /** Remove the console password (`passwd`, `passwdValidTo`): the console then opens without one. */
      removePassword: z.boolean().optional(),
    })
    .strict()
    .superRefine((v, ctx) => {
      const tooLong = v.password === undefined ? undefined : passwordLimitProblem(v.password, v.type)
      if (tooLong !== undefined) ctx.addIssue({ code: 'custom', path: ['password'], message: tooLong })
      if (v.removePassword === true && v.password !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['removePassword'],
          message: 'Either type a new password or remove it, not both.',
        })
    }),
  z.object({ kind: z.literal('video'), model: z.enum(VIDEO_MODELS) }).strict(),
  z
    .object({
      kind: z.literal('hostdev.add'),
      device: z.discriminatedUnion('kind', [
        z
          .object({
            kind: z.literal('usb'),
            id: z.string().regex(/^[0-9a-f]{4}:[0-9a-f]{4}$/i, 'A USB id is vendor:product, e.g. 046d:c52b'),
          })
          .strict(),
        z
          .object({
            kind: z.literal('pci'),
            id: z
              .string()
              .regex(
                /^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/i,
                'A PCI address looks like 0000:01:00.0',
              ),
          })
          .strict(),
      ]),
    })
    .strict(),
  z.object({ kind: z.literal('hostdev.remove'), id: z.string().min(1).max(32) }).strict(),
  z.object({ kind: z.literal('tpm'), version: z.enum(TPM_VERSIONS).nullable() }).strict(),
  z.object({ kind: z.literal('fs.add'), source: path, tag: checked(z.string(), tagProblem) }).strict(),
  z.object({ kind: z.literal('fs.remove'), tag: z.string().min(1).max(64) }).strict(),
])
export type HwEdit = z.infer<typeof hwEditSchema>
export type HwEditKind = HwEdit['kind']

const vm = z.string().min(1).max(1000)
export const hwViewInput = z.object({ hostId, vm }).strict()
export const hwPreviewInput = z.object({ hostId, vm, edit: hwEditSchema }).strict()
export const hwApplyInput = z.object({ hostId, planId: z.string().min(1).max(64) }).strict()
export const hwHostDevicesInput = z.object({ hostId }).strict()
export const hwResizeInput = z.object({ hostId, vm, target, sizeGiB }).strict()

export interface HwPreview {
  hostId: string
  vm: string
  /** What the edit does, in words (no password). */
  summary: string
  /** XML diff of the definition (a console password shown as dots). */
  diff: string
  changed: boolean
  valid: boolean
  problems: string[]
  /** What is applied to the running VM at once (attach, change-media, setlink, setmem…). */
  live: string[]
  /** What waits for the next boot of the running VM. */
  restartNeeded: string[]
  /** Side effects outside the definition (a volume created or deleted) and what undo does not bring back. */
  notes: string[]
  /** Apply with vmhw.apply; absent when libvirt does not accept it or nothing changes. */
  planId?: string
}

export interface HwApplyResult {
  change: HostChangeRecord
  /** Each live step and how it went. */
  live: { what: string; ok: boolean; message?: string }[]
  /** What the running VM still waits for (after the live steps). */
  restartNeeded: string[]
}

export interface HwResizeResult {
  target: string
  fromBytes: number
  toBytes: number
  live: boolean
}
