import { z } from 'zod'
// storagenet: begin
import type { VmAddress, VmAddresses } from './addresses.js'
import * as addrIn from './addresses.js'
import type { DhcpLease, HostBridge, NetworkPreview, NetworkSpec } from './network-create.js'
import * as netAdminIn from './network-create.js'
import type { PoolKindOffer, PoolPreview } from './pool-create.js'
import * as poolAdminIn from './pool-create.js'
import type { TransferResult, VolumeUsers } from './volume-admin.js'
import * as volAdminIn from './volume-admin.js'
// storagenet: end
import type { HostChangeRecord, UndoSummary } from './changes.js'
import { changeInputSchema, changesListInputSchema, changeUndoInputSchema } from './changes.js'
import type { DoctorRun } from './checks.js'
import { checksHostInput } from './checks.js'
import { hostInputSchema } from './hosts.js'
import type {
  HostConnectionState,
  HostTestReport,
  HostUpdateResult,
  HostView,
  SshConfigEntry,
} from './hosts.js'
import type { SecretStorageStatus } from './security.js'
import type {
  GuestCpuApplyResult,
  GuestCpuPlan,
  NestedApplyResult,
  NestedPlan,
  NestedStatus,
  NestedUndoResult,
  XenNestedPlan,
} from './nested.js'
import {
  guestCpuPlanInputSchema,
  nestedApplyInputSchema,
  nestedPlanInputSchema,
  nestedUndoInputSchema,
  xenPlanInputSchema,
} from './nested.js'
import type { VirtualNetwork } from './networks.js'
import * as netIn from './networks.js'
import type { CallOptions, EventName, Events } from './protocol.js'
import type { AuditEntry, Settings } from './settings.js'
import { settingsPatchSchema } from './settings.js'
import type { StoragePool, StorageVolume } from './storage.js'
import * as storageIn from './storage.js'
import type { HostVmCapabilities, VmCreatePreview, VmCreateResult, VmNameCheck } from './vm-create.js'
import * as createIn from './vm-create.js'
import type {
  DeleteResult,
  DeletionPlan,
  DomainDetails,
  DomainSummary,
  LibvirtConnectionState,
  VmDefineResult,
  VmListAll,
  VmXmlPreview,
  XmlHistoryEntry,
} from './vms.js'
import * as vmIn from './vms.js'
import type { HostTuningReport, PreallocationMeasurement, TuningPreview, TuningReport } from './tuning.js'
import {
  tuningApplyInput,
  tuningConvertInput,
  tuningHostInput,
  tuningPreviewInput,
  tuningReportInput,
} from './tuning.js'
import type {
  ContainerDetails,
  ContainerStats,
  ContainerSummary,
  DockerAvailability,
  ImageSummary,
  LogLine,
  LxcAvailability,
  LxcContainer,
  LxcTemplate,
  NetworkSummary,
  PrunePreview,
  PruneResult,
  VolumeSummary,
} from './containers.js'
import type { ForwardCheck, MtuCheck } from './container-fixes.js'
import * as ctr from './containers.js'
import * as fixIn from './container-fixes.js'
import type { Docker0RepairPlan, LxcActionResult } from './containers.js'
import type { DockerForwardPlan, DockerMtuPlan, LxcBridgePlan } from './container-fixes.js'
// containers: begin
import type { LxcServiceState } from './containers.js'
// containers: end
// vmmisc: begin
import type { AuditFacets, AuditPage } from './audit.js'
import { auditQueryInput } from './audit.js'
import type { OsCatalog, OsRecommendation } from './osinfo.js'
import { osinfoDetailsInput, osinfoHostInput } from './osinfo.js'
import type { HostOverview, OverviewAll } from './overview.js'
import { overviewHostInput } from './overview.js'
import { vmRenameInput } from './vm-rename.js'
import type { RestorePreview } from './xml-restore.js'
import { restorePreviewInput } from './xml-restore.js'
// vmmisc: end
// passthrough: begin
import type { PassthroughReport } from './passthrough.js'
import type { PassthroughPlanPreview } from './passthrough-change.js'
import { passthroughApplyInput, passthroughPlanInput, passthroughReportInput } from './passthrough-change.js'
import type { PassthroughLaunchReport, PassthroughVmPreview } from './passthrough-vm.js'
import { passthroughLaunchInput, passthroughVmApplyInput, passthroughVmPlanInput } from './passthrough-vm.js'
import type { PassthroughHooksPreview } from './passthrough-hooks.js'
import { passthroughHooksApplyInput, passthroughHooksPlanInput } from './passthrough-hooks.js'
// passthrough: end
// console: begin
import type { AddVncPlanView, SpiceLaunch } from './console.js'
import { addVncApplyInput, addVncPlanInput, spiceOpenInput } from './console.js'
// console: end
// vmhw: begin
import type { HardwareView, HostDevice, HwApplyResult, HwPreview, HwResizeResult } from './vm-hardware.js'
import {
  hwApplyInput,
  hwHostDevicesInput,
  hwPreviewInput,
  hwResizeInput,
  hwViewInput,
} from './vm-hardware.js'
// vmhw: end
// snapshots: begin
import type {
  SnapshotCreateResult,
  SnapshotDeleteResult,
  SnapshotRevertResult,
  SnapshotTree,
} from './snapshots.js'
import * as snapIn from './snapshots.js'
import type { VmCloneResult } from './vm-clone.js'
import { vmCloneInput } from './vm-clone.js'
// snapshots: end
import type {
  HostInterface,
  PluginInstallResult,
  VagrantBox,
  VagrantBoxAddResult,
  VagrantBoxOutdated,
  VagrantBoxRemoveResult,
  VagrantfileOpened,
  VagrantInfo,
  VagrantMachineLink,
  VagrantMachineStatus,
  VagrantProject,
  VagrantRunResult,
  VagrantValidation,
} from './vagrant-contract.js'
import * as vagrantIn from './vagrant-contract.js'
// stats: begin
import type { StatsHistory } from './stats.js'
import * as statsIn from './stats.js'
import type { VmThumbnail } from './thumbnails.js'
import { thumbnailInput } from './thumbnails.js'
import type { DomainJob } from './jobs.js'
import { jobInput } from './jobs.js'
// stats: end

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

const none = z.object({}).strict()
const hostId = z.object({ id: z.string().min(1).max(64) }).strict()
const address = z.string().min(1).max(300)

export const contract = {
  'hosts.list': call<HostView[]>()(none),
  'hosts.get': call<HostView>()(hostId),
  'hosts.add': call<HostView>()(hostInputSchema),
  'hosts.update': call<HostUpdateResult>()(
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
  'nested.guestCpuPlan': call<GuestCpuPlan>()(guestCpuPlanInputSchema),
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
  'vms.checkName': call<VmNameCheck>()(createIn.vmNameCheckInput),
  'vms.createPreview': call<VmCreatePreview>()(createIn.vmCreatePreviewInput),
  /** Creates the disk (progress, cancel), defines the VM, optionally starts it. */
  'vms.create': stream<VmCreateResult>()(createIn.vmCreateInput),
  'pools.list': call<StoragePool[]>()(vmIn.vmHostInput),
  'pools.start': call<StoragePool[]>()(storageIn.poolInput),
  'pools.stop': call<StoragePool[]>()(storageIn.poolInput),
  'pools.setAutostart': call<StoragePool[]>()(storageIn.poolAutostartInput),
  'volumes.list': call<StorageVolume[]>()(storageIn.volumesInput),
  'volumes.create': stream<StorageVolume>()(storageIn.volumeCreateInput),
  'volumes.delete': call<{ deleted: true }>()(storageIn.volumeDeleteInput),
  'networks.list': call<VirtualNetwork[]>()(vmIn.vmHostInput),
  'networks.start': call<VirtualNetwork[]>()(netIn.networkInput),
  'networks.stop': call<VirtualNetwork[]>()(netIn.networkInput),
  'networks.setAutostart': call<VirtualNetwork[]>()(netIn.networkAutostartInput),
  // End of virtual machines, storage and networks
  /** Every change VirtDeck made, on one host or all, newest first. */
  'changes.list': call<HostChangeRecord[]>()(changesListInputSchema),
  'changes.get': call<HostChangeRecord>()(changeInputSchema),
  /** Re-reads the state the change was meant to produce (e.g. after the reboot it needed). */
  'changes.verify': call<HostChangeRecord>()(changeInputSchema),
  /** Undoes any change: files from their backups, VM definitions from the XML history, commands re-run. */
  'changes.undo': stream<{ change: HostChangeRecord; undo: UndoSummary }>()(changeUndoInputSchema),
  /** Where a saved password would go (keyring, unprotected, not at all), in the user's words. */
  'secrets.status': call<SecretStorageStatus>()(z.object({}).strict()),
  /** One VM's tuning report: every rule's verdict, evidence, explanation, fix and risk; its score. */
  'tuning.report': call<TuningReport>()(tuningReportInput),
  /** Every VM of the host, lowest score first, and the worst findings across them. */
  'tuning.hostReport': stream<HostTuningReport>()(tuningHostInput),
  /** A chosen set of fixes as one definition: XML diff, libvirt's verdict, QEMU command-line difference. Nothing is defined. */
  'tuning.preview': stream<TuningPreview>()(tuningPreviewInput),
  /** qemu-img bench beside the VM's disk, without and with metadata preallocation; scratch images removed. */
  'tuning.measure': stream<PreallocationMeasurement>()(tuningReportInput),
  /** Applies a previewed set of fixes as one change (XML history, Changes page, undo). */
  'tuning.apply': stream<HostChangeRecord>()(tuningApplyInput),
  /** Converts a qcow2 image with metadata preallocation (progress, cancel), then points the VM at it as one change. */
  'tuning.convert': stream<HostChangeRecord>()(tuningConvertInput),
  /** Docker on the host: ready with versions, or not installed / not running / permission denied with what to do. */
  'docker.status': call<DockerAvailability>()(ctr.dockerHostInput),
  /** Starts the daemon as root (systemd, the init script, or dockerd detached). */
  'docker.startDaemon': stream<DockerAvailability>()(ctr.dockerHostInput),
  /** Every container (one API call); also starts following /events → `container.changed`. */
  'docker.list': call<ContainerSummary[]>()(ctr.dockerHostInput),
  'docker.get': call<ContainerSummary>()(ctr.containerInput),
  /** start | stop | restart | pause | unpause | kill | remove; the container as it is now (null once removed). */
  'docker.action': call<{ container: ContainerSummary | null }>()(ctr.containerActionInput),
  'docker.inspect': call<ContainerDetails>()(ctr.containerInput),
  /** The last lines (stdout/stderr apart, filtered); with `follow`, new lines as progress until cancelled. */
  'docker.logs': stream<LogLine[]>()(ctr.logsInput),
  'docker.stats': call<ContainerStats>()(ctr.containerInput),
  /** Live stats as `container.stats` events every intervalMs until cancelled. */
  'docker.statsWatch': stream<{ stopped: true }>()(ctr.statsWatchInput),
  /** Create (and start) a container; a missing DOCKER chain fails with CONFLICT and data.repair = 'docker0'. */
  'docker.create': stream<ContainerSummary>()(ctr.createContainerInput),
  'docker.repairPlan': call<Docker0RepairPlan>()(ctr.docker0RepairInput),
  /** `ip link delete docker0` and a daemon restart, as root; then retry what failed. */
  'docker.repairDocker0': stream<DockerAvailability>()(ctr.docker0RepairInput),
  'docker.images': call<ImageSummary[]>()(ctr.dockerHostInput),
  'docker.volumes': call<VolumeSummary[]>()(ctr.dockerHostInput),
  'docker.networks': call<NetworkSummary[]>()(ctr.dockerHostInput),
  /** Removes an image, volume or network; CONFLICT (naming the containers) while one uses it. */
  'docker.remove': call<{ removed: true }>()(ctr.objectRemoveInput),
  'docker.prunePreview': call<PrunePreview>()(ctr.pruneInput),
  /** Prunes what the preview listed; audited. */
  'docker.prune': call<PruneResult>()(ctr.pruneInput),
  /** Pulls an image with its layers' progress (a registry must be reachable from the host). */
  'docker.pull': stream<{ image: string }>()(ctr.pullInput),
  /** Imports a root filesystem tar from this computer as an image (no registry needed). */
  'docker.importImage': stream<{ image: string }>()(ctr.imageImportInput),
  /** FORWARD DROP vs the libvirt bridges, with the evidence; the fix (DOCKER-USER rules, undo) as data. */
  'docker.forwardCheck': call<ForwardCheck>()(ctr.dockerHostInput),
  /** Docker networks' MTU vs the uplink's; the daemon.json change (byte-preserving) as data. */
  'docker.mtuCheck': call<MtuCheck>()(ctr.dockerHostInput),
  'lxc.status': call<LxcAvailability>()(ctr.lxcHostInput),
  'lxc.list': call<LxcContainer[]>()(ctr.lxcListInput),
  'lxc.info': call<LxcContainer>()(ctr.lxcInput),
  /** /usr/share/lxc/templates with each one's options; `needsNetwork` for those that download. */
  'lxc.templates': call<LxcTemplate[]>()(ctr.lxcHostInput),
  /** A failed start returns the reason read from lxc-start's log (e.g. a missing bridge) with its fix as data. */
  'lxc.action': call<LxcActionResult>()(ctr.lxcActionInput),
  'lxc.create': stream<LxcContainer>()(ctr.lxcCreateInput),
  'lxc.setLink': call<LxcContainer>()(ctr.lxcSetLinkInput),
  // containers: begin (LXC services and install)
  'lxc.services': call<LxcServiceState[]>()(ctr.lxcHostInput),
  'lxc.startService': stream<LxcServiceState>()(ctr.lxcServiceInput),
  'lxc.installPlan': call<{ commands: string[][] }>()(ctr.lxcHostInput),
  'lxc.install': stream<LxcAvailability>()(ctr.lxcHostInput),
  // containers: end
  // containers fixes: begin
  /** The MTU fix as a change: the daemon.json diff (byte-preserving), dockerd --validate, the restart; blockers. */
  'docker.mtuPlan': call<DockerMtuPlan>()(ctr.dockerHostInput),
  /** Applies a previewed MTU plan as one change (backup, verify, Changes page, undo). */
  'docker.mtuApply': stream<HostChangeRecord>()(fixIn.containerFixApplyInput),
  /** lxc.net.0.link = virbr0 (or the bridge given) in /etc/lxc/default.conf as a change. */
  'lxc.bridgePlan': call<LxcBridgePlan>()(fixIn.lxcBridgePlanInput),
  'lxc.bridgeApply': stream<HostChangeRecord>()(fixIn.containerFixApplyInput),
  /** The FORWARD-DROP fix as a change: iptables -I DOCKER-USER accepts per libvirt bridge, undone by -D; blockers. */
  'docker.forwardPlan': call<DockerForwardPlan>()(ctr.dockerHostInput),
  'docker.forwardApply': stream<HostChangeRecord>()(fixIn.containerFixApplyInput),
  // containers fixes: end
  // snapshots: begin
  /** The VM's snapshot tree, and what is safe on it (each refusal with its reason). */
  'snapshots.list': call<SnapshotTree>()(snapIn.snapshotsListInput),
  'snapshots.create': call<SnapshotCreateResult>()(snapIn.snapshotCreateInput),
  /** Reverts the VM to a snapshot; what it loses is in the list's `revertLoses`. */
  'snapshots.revert': call<SnapshotRevertResult>()(snapIn.snapshotRevertInput),
  /** Deletes one snapshot; its children are kept and hang from its parent. */
  'snapshots.delete': call<SnapshotDeleteResult>()(snapIn.snapshotDeleteInput),
  /** Clones a shut-off VM (new name, UUID, MACs; each disk copied or linked), with progress and cancel. */
  'vms.clone': stream<VmCloneResult>()(vmCloneInput),
  // snapshots: end
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
  /** Writes a Vagrantfile edited as text (refused when it changed on the host since it was opened), then validates. */
  'vagrant.saveText': call<VagrantValidation>()(vagrantIn.vagrantSaveTextInput),
  'vagrant.validate': call<VagrantValidation>()(vagrantIn.vagrantProjectInput),
  'vagrant.status': call<VagrantMachineStatus[]>()(vagrantIn.vagrantProjectInput),
  /** up | halt | reload | provision | suspend | resume | destroy (always -f): streamed, cancellable. */
  'vagrant.run': stream<VagrantRunResult>()(vagrantIn.vagrantRunInput),
  /** Boxes installed on a host (`vagrant box list`). */
  'vagrant.boxes': call<VagrantBox[]>()(vagrantIn.vagrantHostInput),
  // vagrant: begin
  /** `vagrant box add` from a .box file, a URL or a catalog name: streamed, cancellable. */
  'vagrant.boxAdd': stream<VagrantBoxAddResult>()(vagrantIn.vagrantBoxAddInput),
  /** `vagrant box remove`; a box machines still use is kept, and the result names them. */
  'vagrant.boxRemove': call<VagrantBoxRemoveResult>()(vagrantIn.vagrantBoxRemoveInput),
  /** `vagrant box outdated --global`: per box up to date, outdated, local, or catalog unreachable. */
  'vagrant.boxOutdated': call<VagrantBoxOutdated[]>()(vagrantIn.vagrantHostInput),
  /** Machines of Vagrant projects tied to their libvirt domain UUID / container id (one host, or all). */
  'vagrant.links': call<VagrantMachineLink[]>()(vagrantIn.vagrantLinksInput),
  /** The host's bridges and interfaces from /sys/class/net (public_network's bridge picker). */
  'vagrant.interfaces': call<HostInterface[]>()(vagrantIn.vagrantHostInput),
  // vagrant: end
  // passthrough: begin
  /** What preparing the host for one GPU would change (files, commands, blockers, reboot); nothing is changed. */
  'passthrough.plan': call<PassthroughPlanPreview>()(passthroughPlanInput),
  /** Applies a previewed host plan as one change (backups, Changes page, verify after the reboot, undo). */
  'passthrough.apply': stream<HostChangeRecord>()(passthroughApplyInput),
  /** Every graphics card: functions, IOMMU groups, viability and blockers in words, the host's display. */
  'passthrough.report': call<PassthroughReport>()(passthroughReportInput),
  /** One VM's passthrough configuration previewed: XML diff, QEMU line, tmpfiles.d file; nothing is changed. */
  'passthrough.vmPlan': call<PassthroughVmPreview>()(passthroughVmPlanInput),
  /** Applies a previewed VM configuration as one change (definition + host file), undone from the Changes page. */
  'passthrough.vmApply': stream<HostChangeRecord>()(passthroughVmApplyInput),
  /** Start gaming VM: pre-flight, start, the first minute watched (state + log), the verdict in words. */
  'passthrough.launch': stream<PassthroughLaunchReport>()(passthroughLaunchInput),
  /** Single-GPU hook scripts for one VM previewed (every file, folders, warnings); nothing is changed. */
  'passthrough.hooksPlan': call<PassthroughHooksPreview>()(passthroughHooksPlanInput),
  /** Installs previewed hook scripts as one change (0755, folders created), undone byte for byte. */
  'passthrough.hooksApply': stream<HostChangeRecord>()(passthroughHooksApplyInput),
  // passthrough: end
  // stats: begin
  /** Samples the host (all its running VMs, one domstats per second) until cancelled; rounds arrive as `stats.sample`. */
  'stats.watch': stream<{ stopped: true }>()(statsIn.statsWatchInput),
  /** A VM's (or with no vm, the host's) kept history: the last hour at 1 s or the last day at 1 min. */
  'stats.history': call<StatsHistory>()(statsIn.statsHistoryInput),
  /** A small picture of a running VM's screen (PNG data URL), or why there is none. */
  'thumbnails.get': call<VmThumbnail>()(thumbnailInput),
  /** The VM's running libvirt job (memory snapshot, save, dump…): progress, and whether it can be cancelled. */
  'jobs.info': call<DomainJob>()(jobInput),
  /** `domjobabort`, refused with the reason where libvirt cannot cancel the running job. */
  'jobs.abort': call<{ aborted: true }>()(jobInput),
  // stats: end
  // storagenet: begin
  /** Pool kinds VirtDeck offers, each with whether the host's libvirt supports it (pool-capabilities). */
  'pools.kinds': call<PoolKindOffer[]>()(poolAdminIn.poolKindsInput),
  /** The XML a new pool would be defined with, and what to know first; refuses a taken name. */
  'pools.preview': call<PoolPreview>()(poolAdminIn.poolPreviewInput),
  /** Defines, builds, starts and autostarts a pool (not kept when building or starting fails). */
  'pools.create': call<StoragePool[]>()(poolAdminIn.poolCreateInput),
  /** Stops and undefines a pool (volumes stay on disk); refuses while VMs use its volumes. */
  'pools.delete': call<StoragePool[]>()(poolAdminIn.poolDeleteInput),
  'pools.build': call<StoragePool[]>()(storageIn.poolInput),
  /** Rescans the pool's volumes (pool-refresh). */
  'pools.refresh': call<StoragePool[]>()(storageIn.poolInput),
  /** Grows a volume; shrinking only with allowShrink; refused for a running VM's disk. */
  'volumes.resize': call<StorageVolume>()(volAdminIn.volumeResizeInput),
  'volumes.clone': stream<StorageVolume>()(volAdminIn.volumeCloneInput),
  /** A local file into a new volume, streamed over the host's connection (progress, cancel). */
  'volumes.upload': stream<TransferResult>()(volAdminIn.volumeUploadInput),
  /** A volume into a local file, streamed over the host's connection (progress, cancel). */
  'volumes.download': stream<TransferResult>()(volAdminIn.volumeDownloadInput),
  /** For each volume of a pool, the VMs whose disks name it. */
  'volumes.usedBy': call<VolumeUsers[]>()(volAdminIn.volumeUsersInput),
  /** Bridges on the host, for bridged networks (libvirt's own marked). */
  'networks.hostBridges': call<HostBridge[]>()(netAdminIn.networkHostInput),
  /** An existing network as the edit form shows it. */
  'networks.spec': call<NetworkSpec>()(netAdminIn.networkNameInput),
  /** The XML, overlap and dnsmasq warnings of a new or edited network; nothing is changed. */
  'networks.preview': call<NetworkPreview>()(netAdminIn.networkPreviewInput),
  'networks.create': call<VirtualNetwork[]>()(netAdminIn.networkCreateInput),
  /** Redefines a network; a running one applies it after a restart (said in warnings). */
  'networks.edit': call<{ networks: VirtualNetwork[]; warnings: string[] }>()(netAdminIn.networkEditInput),
  /** Stops and undefines a network; refuses while VMs use it. */
  'networks.delete': call<VirtualNetwork[]>()(netAdminIn.networkNameInput),
  'networks.leases': call<DhcpLease[]>()(netAdminIn.networkNameInput),
  /** Addresses of every running VM of a host (DHCP leases, guest agent, ARP). */
  'vms.addresses': call<VmAddresses[]>()(addrIn.addressesInput),
  'vms.addressesOf': call<VmAddress[]>()(addrIn.vmAddressesInput),
  // storagenet: end
  // console: begin
  /** Opens the VM's SPICE display in remote-viewer on this computer (a .vv file; tunnelled for SSH hosts). */
  'console.spice': call<SpiceLaunch>()(spiceOpenInput),
  /** The change that adds a VNC display (127.0.0.1) to a SPICE-only VM: its diff; nothing is changed. */
  'console.addVncPlan': call<AddVncPlanView>()(addVncPlanInput),
  /** Applies that plan through the change engine (XML history, Changes page, undo). */
  'console.addVncApply': stream<HostChangeRecord>()(addVncApplyInput),
  // console: end
  // vmmisc: begin
  /** Renames a shut-off VM (virsh domrename); its XML history follows (kept by UUID). */
  'vms.rename': call<DomainSummary>()(vmRenameInput),
  /** What restoring a saved definition would change (current → saved), shown before the restore. */
  'vms.restorePreview': call<RestorePreview>()(restorePreviewInput),
  /** The audit log with filters, newest first, one page at a time. */
  'audit.query': call<AuditPage>()(auditQueryInput),
  /** The actions and targets seen in the audit log, for the Activity page's filters. */
  'audit.facets': call<AuditFacets>()(z.object({ hostId: z.string().min(1).max(64).optional() }).strict()),
  /** A host's dashboard numbers: VMs by state, what running VMs take, the host's CPUs and memory (/proc). */
  'overview.host': call<HostOverview>()(overviewHostInput),
  /** One row per saved host (disconnected hosts are not connected for this). */
  'overview.all': call<OverviewAll>()(none),
  /** The operating systems libosinfo knows on the host (a short fallback list without it). */
  'osinfo.catalog': call<OsCatalog>()(osinfoHostInput),
  /** libosinfo's recommended memory, disk, bus and NIC model for one OS. */
  'osinfo.recommend': call<OsRecommendation>()(osinfoDetailsInput),
  // vmmisc: end
  // vmhw: begin
  /** A VM's hardware (definition and, when it runs, what waits for the next boot) and the host's choices. */
  'vmhw.view': call<HardwareView>()(hwViewInput),
  /** One Hardware-tab edit previewed: XML diff, libvirt's verdict, live steps, restart needed; nothing changed. */
  'vmhw.preview': call<HwPreview>()(hwPreviewInput),
  /** Applies a previewed edit as one change (XML history, Changes page, undo), then the live steps. */
  'vmhw.apply': stream<HwApplyResult>()(hwApplyInput),
  /** The host's USB devices and PCI functions (GPUs flagged: they go through passthrough). */
  'vmhw.hostDevices': call<HostDevice[]>()(hwHostDevicesInput),
  /** Grows a disk (blockresize while running, vol-resize otherwise); never shrinks. */
  'vmhw.resize': call<HwResizeResult>()(hwResizeInput),
  // vmhw: end
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
