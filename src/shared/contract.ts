import { z } from 'zod'
import { hostInputSchema } from './hosts.js'
import type { HostConnectionState, HostTestReport, HostView, SshConfigEntry } from './hosts.js'
import type { AuditEntry, Settings } from './settings.js'
import { settingsPatchSchema } from './settings.js'
import type { CallOptions, EventName, Events } from './protocol.js'
import type { DoctorReport } from './checks.js'
import type {
  AppliedChange,
  BootloaderInfo,
  ChangeMethod,
  CpuVendor as NestedCpuVendor,
  NestedPlan,
  NestedSettingSource,
  NestedState,
  PlannedCommand,
  UndoResult,
  XenNestedPlan,
} from './nested.js'
import {
  nestedApplyInputSchema,
  nestedPlanInputSchema,
  nestedUndoInputSchema,
  xenPlanInputSchema,
} from './nested.js'

// Virtual machines, storage and networks: imports
import type {
  DeleteResult,
  DeletionPlan,
  DomainDetails,
  DomainSummary,
  HostVmCapabilities,
  LibvirtConnectionState,
  StoragePool,
  StorageVolume,
  VirtualNetwork,
  XmlHistoryEntry,
} from './vms.js'
import type {
  VmCreatePreview,
  VmCreateResult,
  VmDefineResult,
  VmListAll,
  VmNameCheck,
  VmXmlPreview,
} from './vm-contract.js'
import * as vmIn from './vm-contract.js'
export type { VmChange } from './protocol.js'
export type {
  HostVms,
  VmAction,
  VmCreatePreview,
  VmCreateResult,
  VmDefineResult,
  VmListAll,
  VmNameCheck,
  VmXmlPreview,
} from './vm-contract.js'
export { VM_ACTIONS } from './vm-contract.js'
// End of virtual machines, storage and networks: imports
// vagrant: begin
import type {
  PluginInstallResult,
  VagrantBox,
  VagrantfileOpened,
  VagrantInfo,
  VagrantMachineStatus,
  VagrantProject,
  VagrantRunResult,
  VagrantValidation,
} from './vagrant-contract.js'
import * as vagrantIn from './vagrant-contract.js'
// vagrant: end

export type {
  CallOptions,
  Envelope,
  EventName,
  Events,
  PasswordPromptEvent,
  Progress,
  Request,
} from './protocol.js'
export { EVENT_NAMES, IPC } from './protocol.js'

/**
 * The contract between renderer (or CLI, or harness) and main: every channel, its input schema and
 * its result type. Channel names appear here and nowhere else.
 */
interface Call<I extends z.ZodType, O> {
  readonly input: I
  /** Phantom: only carries the result type. */
  readonly output?: O
  /** Long work: reports progress and can be cancelled. */
  readonly streaming: boolean
}

function call<O>(): <I extends z.ZodType>(input: I) => Call<I, O> {
  return (input) => ({ input, streaming: false })
}
function stream<O>(): <I extends z.ZodType>(input: I) => Call<I, O> {
  return (input) => ({ input, streaming: true })
}

// Hardware checks and nested virtualization: result types
export interface DoctorRun {
  report: DoctorReport
  /** The report as Markdown and as JSON, ready to export or print. */
  markdown: string
  json: string
}

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
  vendor: NestedCpuVendor | null
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

/** A change applied to a host, as kept in the store (it survives a restart, so Undo does too). */
export interface HostChangeRecord {
  id: string
  hostId: string
  method: ChangeMethod
  summary: string
  appliedAt: string
  undoneAt: string | null
  files: { path: string; diff: string; backupPath: string | null; existedBefore: boolean }[]
  commands: PlannedCommand[]
  rebootRequired: boolean
}

export interface NestedApplyResult {
  change: HostChangeRecord
  applied: AppliedChange
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

const checksHostInput = z.object({ hostId: z.string().min(1).max(64) }).strict()
/** A libvirt domain name as typed: no control characters (virsh gets it as one `--domain` argument). */
const vmNameInput = z
  .string()
  .trim()
  .min(1, 'Name the virtual machine')
  .max(200)
  .refine(
    (s) => ![...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f),
    'A VM name has no control characters',
  )
// End of hardware checks and nested virtualization types

const none = z.object({}).strict()
const hostId = z.object({ id: z.string().min(1).max(64) }).strict()
const address = z.string().min(1).max(300)

export const contract = {
  'hosts.list': call<HostView[]>()(none),
  'hosts.get': call<HostView>()(hostId),
  'hosts.add': call<HostView>()(hostInputSchema),
  'hosts.update': call<HostView>()(
    z.object({ id: z.string().min(1).max(64), host: hostInputSchema }).strict(),
  ),
  'hosts.remove': call<{ removed: true }>()(hostId),
  'hosts.connect': call<HostConnectionState>()(hostId),
  'hosts.disconnect': call<HostConnectionState>()(hostId),
  /** Test a saved host: OS, kernel, libvirt and QEMU versions, or the exact failure. */
  'hosts.test': stream<HostTestReport>()(hostId),
  /** Test a host before saving it (from the Add host dialog). */
  'hosts.testDraft': stream<HostTestReport>()(hostInputSchema),
  'hosts.acceptKey': call<{ accepted: true }>()(
    z
      .object({ address, keyType: z.string().min(1).max(100), fingerprint: z.string().min(1).max(200) })
      .strict(),
  ),
  'hosts.forgetKey': call<{ forgotten: number }>()(z.object({ address }).strict()),
  'hosts.sshConfig': call<SshConfigEntry[]>()(none),
  'settings.get': call<Settings>()(none),
  'settings.update': call<Settings>()(settingsPatchSchema),
  'audit.list': call<AuditEntry[]>()(
    z.object({ limit: z.number().int().min(1).max(1000).default(100) }).strict(),
  ),
  'prompts.answer': call<{ answered: boolean }>()(
    z.object({ promptId: z.string().min(1).max(64), value: z.string().max(4096).nullable() }).strict(),
  ),
  // Hardware checks and nested virtualization
  /** Runs every host check ("doctor") and returns the report with its Markdown and JSON exports. */
  'checks.run': stream<DoctorRun>()(checksHostInput),
  'nested.status': call<NestedStatus>()(checksHostInput),
  /** Previews enabling nested KVM: exact diffs, commands, blockers. Kept in main; apply names it by id. */
  'nested.plan': call<NestedPlan>()(nestedPlanInputSchema),
  /** Previews nested HVM for a Xen guest's xl config; applied with nested.apply. */
  'nested.xenPlan': call<XenNestedPlan>()(xenPlanInputSchema),
  'nested.apply': stream<NestedApplyResult>()(nestedApplyInputSchema),
  'nested.undo': stream<NestedUndoResult>()(nestedUndoInputSchema),
  'nested.changes': call<HostChangeRecord[]>()(checksHostInput),
  'nested.guestCpuPlan': call<GuestCpuPlan>()(
    z.object({ hostId: z.string().min(1).max(64), vmName: vmNameInput }).strict(),
  ),
  'nested.guestCpuApply': stream<GuestCpuApplyResult>()(nestedApplyInputSchema),
  // End of hardware checks and nested virtualization
  // Virtual machines, storage and networks
  /** The link to libvirt on the host (opened on first use): connected, or reconnecting and why. */
  'vms.connection': call<LibvirtConnectionState>()(vmIn.vmHostInput),
  'vms.list': call<DomainSummary[]>()(vmIn.vmHostInput),
  /** Every connected host's VMs; a host that fails is reported in its entry, not thrown. */
  'vms.listAll': call<VmListAll>()(none),
  'vms.get': call<DomainSummary>()(vmIn.vmInput),
  'vms.details': call<DomainDetails>()(vmIn.vmInput),
  /** start | shutdown (ACPI) | reboot | destroy (force off) | suspend | resume; returns the VM as it is now. */
  'vms.action': call<DomainSummary>()(vmIn.vmActionInput),
  'vms.setAutostart': call<DomainSummary>()(vmIn.vmAutostartInput),
  'vms.deletionPlan': call<DeletionPlan>()(vmIn.vmInput),
  'vms.delete': call<DeleteResult>()(vmIn.vmDeleteInput),
  /** The persistent definition by default (what define replaces); `inactive: false` for the live one. */
  'vms.xml': call<string>()(vmIn.vmXmlInput),
  'vms.xmlPreview': call<VmXmlPreview>()(vmIn.vmXmlPreviewInput),
  'vms.define': call<VmDefineResult>()(vmIn.vmDefineInput),
  'vms.history': call<XmlHistoryEntry[]>()(vmIn.vmInput),
  'vms.restore': call<VmDefineResult>()(vmIn.vmHistoryRestoreInput),
  'vms.capabilities': call<HostVmCapabilities>()(vmIn.vmHostInput),
  'vms.checkName': call<VmNameCheck>()(vmIn.vmNameCheckInput),
  'vms.createPreview': call<VmCreatePreview>()(vmIn.vmCreatePreviewInput),
  /** Creates the disk (progress, cancel), defines the VM, optionally starts it. */
  'vms.create': stream<VmCreateResult>()(vmIn.vmCreateInput),
  'pools.list': call<StoragePool[]>()(vmIn.vmHostInput),
  'pools.start': call<StoragePool[]>()(vmIn.poolInput),
  'pools.stop': call<StoragePool[]>()(vmIn.poolInput),
  'pools.setAutostart': call<StoragePool[]>()(vmIn.poolAutostartInput),
  'volumes.list': call<StorageVolume[]>()(vmIn.volumesInput),
  'volumes.create': stream<StorageVolume>()(vmIn.volumeCreateInput),
  'volumes.delete': call<{ deleted: true }>()(vmIn.volumeDeleteInput),
  'networks.list': call<VirtualNetwork[]>()(vmIn.vmHostInput),
  'networks.start': call<VirtualNetwork[]>()(vmIn.networkInput),
  'networks.stop': call<VirtualNetwork[]>()(vmIn.networkInput),
  'networks.setAutostart': call<VirtualNetwork[]>()(vmIn.networkAutostartInput),
  // End of virtual machines, storage and networks
  // vagrant: begin
  /** Vagrant's version and plugins on a host. */
  'vagrant.detect': call<VagrantInfo>()(vagrantIn.vagrantHostInput),
  /** `vagrant plugin install`, output streamed; a failure says why and names the distribution package. */
  'vagrant.pluginInstall': stream<PluginInstallResult>()(vagrantIn.vagrantPluginInput),
  'vagrant.projects': call<VagrantProject[]>()(none),
  /** Adds an existing folder holding a Vagrantfile. */
  'vagrant.add': call<VagrantProject>()(vagrantIn.vagrantAddInput),
  /** A new project from the designer: the folder and its generated Vagrantfile. */
  'vagrant.create': call<VagrantProject>()(vagrantIn.vagrantCreateInput),
  'vagrant.remove': call<{ removed: boolean }>()(vagrantIn.vagrantProjectInput),
  /** The Vagrantfile: the designer's model, or text when it was written or edited by hand. */
  'vagrant.open': call<VagrantfileOpened>()(vagrantIn.vagrantProjectInput),
  /** The Vagrantfile a model makes (preview), with VirtDeck's warnings. */
  'vagrant.generate': call<{ text: string; warnings: string[] }>()(vagrantIn.vagrantGenerateInput),
  /** Writes the designer's model (never over a hand-written file), then validates. */
  'vagrant.save': call<VagrantValidation>()(vagrantIn.vagrantSaveInput),
  'vagrant.validate': call<VagrantValidation>()(vagrantIn.vagrantProjectInput),
  'vagrant.status': call<VagrantMachineStatus[]>()(vagrantIn.vagrantProjectInput),
  /** up | halt | reload | provision | suspend | resume | destroy (always -f): streamed, cancellable. */
  'vagrant.run': stream<VagrantRunResult>()(vagrantIn.vagrantRunInput),
  /** Boxes installed on a host (`vagrant box list`). */
  'vagrant.boxes': call<VagrantBox[]>()(vagrantIn.vagrantHostInput),
  // vagrant: end
} as const

export type Contract = typeof contract
export type Channel = keyof Contract
export type InputOf<C extends Channel> = z.input<Contract[C]['input']>
export type ParsedInputOf<C extends Channel> = z.output<Contract[C]['input']>
export type OutputOf<C extends Channel> = NonNullable<Contract[C]['output']>

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(contract, value)
}

/** The object the preload exposes as `window.virtdeck` (and the harness shim imitates). */
export interface VirtDeckApi {
  invoke<C extends Channel>(channel: C, input: InputOf<C>, options?: CallOptions): Promise<OutputOf<C>>
  /** Cancels a streaming call started with this `opId`; a finished or unknown one is ignored. */
  cancel(opId: string): void
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void
}
