import { z } from 'zod'
import type { AppliedChange, ChangePlanBase } from './changes.js'
import type { HostChangeRecord } from './changes.js'

/**
 * Nested virtualization: the types the panel, the IPC handlers and the CLI share. A change is
 * always previewed as a plan (exact file diffs and commands), applied through `privileged()` with
 * backups on the host, recorded, and can be undone.
 */

export const CPU_VENDORS = ['intel', 'amd'] as const
export type CpuVendor = (typeof CPU_VENDORS)[number]

/** How nested KVM is switched on: a modprobe.d option plus a module reload, or a kernel parameter in GRUB. */
export const NESTED_METHODS = ['modprobe', 'grub'] as const
export type NestedMethod = (typeof NESTED_METHODS)[number]

/** Every kind of change this feature makes; `xl` edits a Xen guest's config file. */
export type ChangeMethod = NestedMethod | 'xl'

/** The kernel's `nested` parameter as read after a change: kvm_intel prints Y/N, kvm_amd 1/0. */
export type NestedState = 'Y' | 'N' | 'unknown'

import type { PlannedCommand } from './changes.js'
export type { ApplyProgress, ApplyStep, FileBackup, PlannedCommand, PlannedFile } from './changes.js'

export interface NestedPlan extends ChangePlanBase {
  method: NestedMethod
  vendor: CpuVendor
}

export interface XenNestedPlan extends ChangePlanBase {
  method: 'xl'
  /** The Xen guest whose /etc/xen/<domain>.cfg is edited. */
  domain: string
}

export type ChangePlan = NestedPlan | XenNestedPlan

/** A nested change as applied: the engine's record plus the nested parameter read after it. */
export interface NestedAppliedChange extends AppliedChange {
  method: ChangeMethod
  /** The sysfs file re-read after apply and undo; null for Xen guest configs. */
  nestedParamPath: string | null
  result: { nestedNow: NestedState; rebootRequired: boolean }
}

export interface UndoResult {
  changeId: string
  /** Files put back from their backups. */
  restored: string[]
  /** Files that did not exist before the change and were removed. */
  removed: string[]
  nestedNow: NestedState
  rebootRequired: boolean
}

export const BOOTLOADER_KINDS = ['grub', 'systemd-boot', 'kernelstub', 'unknown'] as const
export type BootloaderKind = (typeof BOOTLOADER_KINDS)[number]

export interface BootloaderInfo {
  kind: BootloaderKind
  /** What was looked at and found, for the details disclosure. */
  evidence: string[]
  /** GRUB only: the distribution's command that regenerates grub.cfg from /etc/default/grub. */
  regenerate?: PlannedCommand
  /** For systemd-boot, kernelstub and unknown bootloaders: what to do by hand instead. */
  instructions: string[]
}

/** Where a persistent nested setting was found. */
export interface NestedSettingSource {
  kind: 'modprobe' | 'kernel-cmdline' | 'grub'
  path: string
  /** 1-based line, when the source is a file. */
  line?: number
  /** The setting as written, e.g. `options kvm_intel nested=1` or `kvm-amd.nested=1`. */
  text: string
  enabled: boolean
}

/** How to check, inside the guest, that nested virtualization reached it. */
export const GUEST_VERIFY_STEPS: readonly { command: string; expect: string }[] = [
  {
    command: "grep -c -E 'vmx|svm' /proc/cpuinfo",
    expect: 'A number above 0: the guest sees VT-x (vmx) or AMD-V (svm).',
  },
  { command: 'virt-host-validate qemu', expect: "'Checking for hardware virtualization' says PASS." },
  { command: 'virsh capabilities', expect: "The host CPU lists the feature 'vmx' or 'svm'." },
  { command: 'ls -l /dev/kvm', expect: 'The device exists, so KVM can run nested guests.' },
]

const hostIdSchema = z.string().min(1).max(64)
/** A Xen domain name as used in /etc/xen/<name>.cfg: no slashes, no leading dot or dash. */
export const xenDomainNameSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(
    /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/,
    'A domain name has only letters, digits, dots, dashes and underscores',
  )

export const nestedPlanInputSchema = z
  .object({ hostId: hostIdSchema, method: z.enum(NESTED_METHODS) })
  .strict()
export const xenPlanInputSchema = z.object({ hostId: hostIdSchema, domain: xenDomainNameSchema }).strict()
export const nestedApplyInputSchema = z
  .object({ hostId: hostIdSchema, planId: z.string().min(1).max(64) })
  .strict()
export const nestedUndoInputSchema = z
  .object({ hostId: hostIdSchema, changeId: z.string().min(1).max(64), force: z.boolean().default(false) })
  .strict()

/** Xen, as the Nested virtualization panel shows it. */
export interface XenStatus {
  isXen: boolean
  /** true in the control domain (dom0); null when unknown. */
  dom0: boolean | null
  /** Hardware-assisted paging (xl info's virt_caps); null when unknown. */
  hap: boolean | null
  version: string | null
  evidence: string[]
  /** Guest config names (`/etc/xen/<name>.cfg`) on a Xen host. */
  guestConfigs: string[]
}

export interface NestedStatus {
  hostId: string
  /** null when the CPU is neither Intel nor AMD (`vendorProblem` says what was found). */
  vendor: CpuVendor | null
  vendorProblem?: string
  module: 'kvm_intel' | 'kvm_amd' | null
  moduleLoaded: boolean
  nestedNow: NestedState
  /** Other KVM providers loaded (e.g. kvm_pvm), which have no nested setting. */
  otherKvmModules: string[]
  /** Every place that sets nested persistently, in the order they apply. */
  persistent: NestedSettingSource[]
  /** Whether nesting is on after the next boot or module load; null when nothing sets it. */
  persistentEnabled: boolean | null
  bootloader: BootloaderInfo | null
  xen: XenStatus
  /** Running VMs of the host's libvirt; null when they could not be listed (`runningVmsError`). */
  runningVms: string[] | null
  runningVmsError?: string
}

export interface NestedApplyResult {
  change: HostChangeRecord
  applied: NestedAppliedChange
  /** Re-read after the change. */
  status: NestedStatus
}

export interface NestedUndoResult {
  undo: UndoResult
  status: NestedStatus
}

export interface GuestVerifyStep {
  command: string
  expect: string
}

/** The guest side: the VM's CPU set to host-passthrough, previewed as a diff of its XML. */
export interface GuestCpuPlan {
  id: string
  hostId: string
  vmName: string
  libvirtUri: string
  changed: boolean
  diff: string
  notes: string[]
  /** Why it cannot be applied (QEMU would refuse to start the VM); Apply is refused while any. */
  blockers: string[]
  running: boolean
  verification: GuestVerifyStep[]
}

export interface GuestCpuApplyResult {
  vmName: string
  /** The previous definition, kept in the XML history. */
  historyId: number
  running: boolean
  verification: GuestVerifyStep[]
  verificationText: string
}

/** A libvirt domain name as typed: no control characters (virsh gets it as one `--domain` argument). */
export const vmNameInput = z
  .string()
  .trim()
  .min(1, 'Name the virtual machine')
  .max(200)
  .refine(
    (s) => ![...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f),
    'A VM name has no control characters',
  )

export const guestCpuPlanInputSchema = z
  .object({ hostId: z.string().min(1).max(64), vmName: vmNameInput })
  .strict()
