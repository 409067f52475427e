import { z } from 'zod'
import { hostIdSchema as hostId } from './libvirt-names.js'
import type { StorageVolume } from './storage.js'
import { PREALLOCATIONS, VOLUME_FORMATS } from './storage.js'

/** Creating a VM (the New VM wizard): the spec, what the host offers, the preview and the result. */

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
    /** The main disk's bus and the NIC model (default virtio): what the OS has drivers for, as libosinfo says. */
    diskBus: z.enum(['virtio', 'sata']).optional(),
    nicModel: z.enum(['virtio', 'e1000e', 'e1000', 'rtl8139']).optional(),
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
  /** The host's memory (the sum of its NUMA cells), for the wizard's warning beyond it. */
  memoryBytes?: number
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

/** Any string: the answer says what is wrong with it (the wizard checks the name as it is typed). */
export const vmNameCheckInput = z.object({ hostId, name: z.string().max(1000) }).strict()
export const vmCreatePreviewInput = z.object({ hostId, spec: createVmSpecSchema }).strict()
export const vmCreateInput = z
  .object({ hostId, spec: createVmSpecSchema, start: z.boolean().default(false) })
  .strict()

export interface VmNameCheck {
  name: string
  /** Free on the host, and a name VirtDeck accepts. */
  available: boolean
  problem?: string
}

export type VmCreatePreview = CreatePreview
export type VmCreateResult = CreateResult
