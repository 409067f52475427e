import { z } from 'zod'

/**
 * GPU passthrough: the types the CLI, the (future) panel and the services share. The inventory is
 * read from sysfs; the judgement (groups, viability, display path) and the host plan are data, so a
 * change-engine plan can be made from them without re-deriving anything.
 */

/** `0000:01:00.0` — domain, bus, slot, function (lowercase hex). */
export const PCI_ADDRESS = /^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/

export const pciAddressSchema = z
  .string()
  .transform((s) => s.trim().toLowerCase())
  .transform((s) => (/^[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/.test(s) ? `0000:${s}` : s))
  .refine((s) => PCI_ADDRESS.test(s), {
    message: 'a PCI address looks like 0000:01:00.0 (or 01:00.0)',
  })

export interface PciDevice {
  address: string
  /** Six hex digits: class, subclass, programming interface (`030000` = VGA). */
  classCode: string
  vendorId: string
  deviceId: string
  subsystemVendorId?: string
  subsystemDeviceId?: string
  revision?: string
  /** Kernel driver bound now (the name of the `driver` link), if any. */
  driver?: string
  driverOverride?: string
  /** Undefined when the IOMMU is off (no `iommu_group` link). */
  iommuGroup?: number
  /** `boot_vga` = 1: the firmware showed the boot screen on this device. */
  bootVga: boolean
  /** From `reset_method` (kernel 5.15+); empty when not reported. */
  resetMethods: string[]
  /** A `reset` file exists: the kernel can reset this function alone. */
  canReset: boolean
  numaNode?: number
  /** Names from pci.ids, or undefined when the host has no database or no entry. */
  vendorName?: string
  deviceName?: string
  subsystemName?: string
  /** From pci.ids' class list, else a built-in word for the common classes. */
  className: string
  /** Disks (from /sys/block) whose controller this is. */
  disks: string[]
}

export interface DrmConnector {
  /** `card0-HDMI-A-1` */
  name: string
  card: string
  /** `connected`, `disconnected`, `unknown`. */
  status: string
  /** PCI address of the card, when its `device` link resolves. */
  address?: string
}

export interface PciInventory {
  root: string
  devices: PciDevice[]
  /** False when sysfs lists no `iommu_group` for any device (IOMMU off in firmware or kernel). */
  iommuEnabled: boolean
  connectors: DrmConnector[]
  /** Where names came from, or null when the host has no pci.ids. */
  pciIdsPath: string | null
  /** /proc/cmdline, /proc/sys/kernel/osrelease, CPU vendor_id; null when not readable. */
  cmdline: string | null
  kernelRelease: string | null
  cpuVendor: 'intel' | 'amd' | null
}

export type Viability = 'viable' | 'blocked' | 'no-iommu'

export interface GroupMember {
  address: string
  /** In words: "NVIDIA GeForce GTX 1060 6GB (VGA compatible controller)". */
  label: string
  role: 'gpu-function' | 'bridge' | 'other'
  driver?: string
}

export interface GpuReport {
  address: string
  label: string
  vendor: 'nvidia' | 'amd' | 'intel' | 'other'
  /** Every function of the card (same bus and slot), the GPU first. */
  functions: { address: string; label: string; vendorId: string; deviceId: string; driver?: string }[]
  /** The groups of those functions, with everything in them. */
  groups: { id: number; members: GroupMember[] }[]
  viability: Viability
  /** Every reason it cannot be passed through now, in words. */
  blockers: string[]
  /** What the user can do about blockers (another slot, the ACS override patch and its cost). */
  options: string[]
  /** The host shows its display on this card (boot_vga, a connected connector, a display driver). */
  hostDisplay: { bootVga: boolean; connectedOutputs: string[]; displayDriver?: string }
  /** Warnings that do not block (single GPU, reset quirks). */
  warnings: string[]
  driver?: string
  boundToVfio: boolean
}

export interface PassthroughReport {
  hostId: string
  root: string
  iommuEnabled: boolean
  gpus: GpuReport[]
  /** Host-wide notes (pci.ids missing, IOMMU off, ACS override in use). */
  notes: string[]
}

export const INITRAMFS_SYSTEMS = ['initramfs-tools', 'dracut', 'mkinitcpio', 'unknown'] as const
export type InitramfsSystem = (typeof INITRAMFS_SYSTEMS)[number]

export const BOOTLOADERS = ['grub', 'systemd-boot', 'kernelstub', 'grubby', 'unknown'] as const
export type PassthroughBootloader = (typeof BOOTLOADERS)[number]

export interface PlanFile {
  path: string
  /** Current content, null when the file does not exist. */
  before: string | null
  after: string
  diff: string
  why: string
}

export interface PlanCommand {
  file: string
  args: string[]
  why: string
}

/** The host preparation as data: the change engine turns it into a plan with backups and undo. */
export interface HostPassthroughPlan {
  gpu: string
  ids: string[]
  kernelParams: { add: string[]; alreadySet: string[]; notes: string[] }
  files: PlanFile[]
  commands: PlanCommand[]
  blockers: string[]
  notes: string[]
  /** Printed before applying: how to undo from a text console. */
  rescue: string
  rebootRequired: boolean
}

/** An evdev device the VM may take: a stable /dev/input/by-id (or by-path) link, no quote or newline. */
export const EVDEV_PATH = /^\/dev\/input\/by-(id|path)\/[^\0\n'/]+$/

/** Options of the VM edit; checked here so CLI, IPC and tests refuse the same inputs. */
export const vmPassthroughOptionsSchema = z.object({
  functions: z.array(pciAddressSchema).min(1),
  romFile: z
    .string()
    .regex(/^\/[^\0\n']*$/, 'the ROM file is an absolute path without quotes or newlines')
    .optional(),
  code43: z
    .object({
      vendorId: z
        .string()
        .regex(/^[A-Za-z0-9]{1,12}$/, 'vendor_id is 1 to 12 letters or digits')
        .default('virtdeck0000'),
    })
    .optional(),
  lookingGlass: z
    .object({ width: z.number().int().min(320).max(16384), height: z.number().int().min(200).max(16384) })
    .optional(),
  evdev: z
    .object({
      keyboard: z.string().regex(EVDEV_PATH, 'an /dev/input/by-id path'),
      mouse: z.string().regex(EVDEV_PATH, 'an /dev/input/by-id path'),
      grabToggle: z.enum([
        'ctrl-ctrl',
        'alt-alt',
        'shift-shift',
        'meta-meta',
        'scrolllock',
        'ctrl-scrolllock',
      ]),
    })
    .optional(),
})
export type VmPassthroughOptions = z.input<typeof vmPassthroughOptionsSchema>
export type VmPassthroughSettings = z.output<typeof vmPassthroughOptionsSchema>
