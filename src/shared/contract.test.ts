import { describe, expect, expectTypeOf, it } from 'vitest'
// storagenet: begin
import type { VmAddress, VmAddresses } from './addresses.js'
import type { DhcpLease, HostBridge, NetworkPreview, NetworkSpec } from './network-create.js'
import type { PoolKindOffer, PoolPreview } from './pool-create.js'
import type { TransferResult, VolumeUsers } from './volume-admin.js'
// storagenet: end
import type { HostChangeRecord, UndoSummary } from './changes.js'
import type { DoctorRun } from './checks.js'
import type { OutputOf } from './contract.js'
import { contract } from './contract.js'
import type {
  HostInterface,
  PluginInstallResult,
  VagrantBox,
  VagrantBoxAddResult,
  VagrantBoxOutdated,
  VagrantBoxRemoveResult,
  VagrantInfo,
  VagrantMachineLink,
  VagrantMachineStatus,
  VagrantProject,
  VagrantRunResult,
  VagrantValidation,
  VagrantfileOpened,
} from './vagrant-contract.js'
import type {
  ContainerDetails,
  ContainerStats,
  ContainerSummary,
  Docker0RepairPlan,
  DockerAvailability,
  ImageSummary,
  LogLine,
  LxcActionResult,
  LxcAvailability,
  LxcContainer,
  LxcTemplate,
  NetworkSummary,
  PrunePreview,
  PruneResult,
  VolumeSummary,
} from './containers.js'
import type { ForwardCheck, MtuCheck } from './container-fixes.js'
import type { DockerForwardPlan, DockerMtuPlan, LxcBridgePlan } from './container-fixes.js'
// containers: begin
import type { LxcServiceState } from './containers.js'
// containers: end
import type {
  HostConnectionState,
  HostTestReport,
  HostUpdateResult,
  HostView,
  SshConfigEntry,
} from './hosts.js'
import type { SecretStorageStatus } from './security.js'
import type { HostTuningReport, PreallocationMeasurement, TuningPreview, TuningReport } from './tuning.js'
import type {
  GuestCpuApplyResult,
  GuestCpuPlan,
  NestedApplyResult,
  NestedPlan,
  NestedStatus,
  NestedUndoResult,
  XenNestedPlan,
} from './nested.js'
import type { VirtualNetwork } from './networks.js'
import type { AuditEntry, Settings } from './settings.js'
import type { StoragePool, StorageVolume } from './storage.js'
import type { HostVmCapabilities, VmCreatePreview, VmCreateResult, VmNameCheck } from './vm-create.js'
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
// console: begin
import type { AddVncPlanView, SpiceLaunch } from './console.js'
// console: end
// vmmisc: begin
import type { AuditFacets, AuditPage } from './audit.js'
import type { OsCatalog, OsRecommendation } from './osinfo.js'
import type { HostOverview, OverviewAll } from './overview.js'
import type { RestorePreview } from './xml-restore.js'
// vmmisc: end
// snapshots: begin
import type {
  SnapshotCreateResult,
  SnapshotDeleteResult,
  SnapshotRevertResult,
  SnapshotTree,
} from './snapshots.js'
import type { VmCloneResult } from './vm-clone.js'
// snapshots: end
// stats: begin
import type { StatsHistory } from './stats.js'
import type { VmThumbnail } from './thumbnails.js'
import type { DomainJob } from './jobs.js'
// stats: end
// passthrough: begin
import type { PassthroughReport } from './passthrough.js'
import type { PassthroughPlanPreview } from './passthrough-change.js'
import type { PassthroughLaunchReport, PassthroughVmPreview } from './passthrough-vm.js'
import type { PassthroughHooksPreview } from './passthrough-hooks.js'
// passthrough: end
// vmhw: begin
import type { HardwareView, HostDevice, HwApplyResult, HwPreview, HwResizeResult } from './vm-hardware.js'
// vmhw: end

/**
 * The contract pinned: one test per channel. `expectTypeOf` is checked by the type check (a channel
 * whose result type drifts fails `npm run typecheck`); the runtime part checks streaming and that
 * every channel of the contract has its line here.
 */

const PINNED = new Set<string>()
function pin(channel: keyof typeof contract): void {
  PINNED.add(channel)
}

describe('the contract, one channel at a time', () => {
  it('hosts.list', () => {
    pin('hosts.list')
    expectTypeOf<OutputOf<'hosts.list'>>().toEqualTypeOf<HostView[]>()
    expect(contract['hosts.list'].streaming).toBe(false)
  })
  it('hosts.get', () => {
    pin('hosts.get')
    expectTypeOf<OutputOf<'hosts.get'>>().toEqualTypeOf<HostView>()
    expect(contract['hosts.get'].streaming).toBe(false)
  })
  it('hosts.add', () => {
    pin('hosts.add')
    expectTypeOf<OutputOf<'hosts.add'>>().toEqualTypeOf<HostView>()
    expect(contract['hosts.add'].streaming).toBe(false)
  })
  it('hosts.update', () => {
    pin('hosts.update')
    expectTypeOf<OutputOf<'hosts.update'>>().toEqualTypeOf<HostUpdateResult>()
    expect(contract['hosts.update'].streaming).toBe(false)
  })
  it('hosts.remove', () => {
    pin('hosts.remove')
    expectTypeOf<OutputOf<'hosts.remove'>>().toEqualTypeOf<{ removed: true }>()
    expect(contract['hosts.remove'].streaming).toBe(false)
  })
  it('hosts.connect', () => {
    pin('hosts.connect')
    expectTypeOf<OutputOf<'hosts.connect'>>().toEqualTypeOf<HostConnectionState>()
    expect(contract['hosts.connect'].streaming).toBe(false)
  })
  it('hosts.disconnect', () => {
    pin('hosts.disconnect')
    expectTypeOf<OutputOf<'hosts.disconnect'>>().toEqualTypeOf<HostConnectionState>()
    expect(contract['hosts.disconnect'].streaming).toBe(false)
  })
  it('hosts.test', () => {
    pin('hosts.test')
    expectTypeOf<OutputOf<'hosts.test'>>().toEqualTypeOf<HostTestReport>()
    expect(contract['hosts.test'].streaming).toBe(true)
  })
  it('hosts.testDraft', () => {
    pin('hosts.testDraft')
    expectTypeOf<OutputOf<'hosts.testDraft'>>().toEqualTypeOf<HostTestReport>()
    expect(contract['hosts.testDraft'].streaming).toBe(true)
  })
  it('hosts.acceptKey', () => {
    pin('hosts.acceptKey')
    expectTypeOf<OutputOf<'hosts.acceptKey'>>().toEqualTypeOf<{ accepted: true }>()
    expect(contract['hosts.acceptKey'].streaming).toBe(false)
  })
  it('hosts.forgetKey', () => {
    pin('hosts.forgetKey')
    expectTypeOf<OutputOf<'hosts.forgetKey'>>().toEqualTypeOf<{ forgotten: number }>()
    expect(contract['hosts.forgetKey'].streaming).toBe(false)
  })
  it('hosts.sshConfig', () => {
    pin('hosts.sshConfig')
    expectTypeOf<OutputOf<'hosts.sshConfig'>>().toEqualTypeOf<SshConfigEntry[]>()
    expect(contract['hosts.sshConfig'].streaming).toBe(false)
  })
  it('settings.get', () => {
    pin('settings.get')
    expectTypeOf<OutputOf<'settings.get'>>().toEqualTypeOf<Settings>()
    expect(contract['settings.get'].streaming).toBe(false)
  })
  it('settings.update', () => {
    pin('settings.update')
    expectTypeOf<OutputOf<'settings.update'>>().toEqualTypeOf<Settings>()
    expect(contract['settings.update'].streaming).toBe(false)
  })
  it('audit.list', () => {
    pin('audit.list')
    expectTypeOf<OutputOf<'audit.list'>>().toEqualTypeOf<AuditEntry[]>()
    expect(contract['audit.list'].streaming).toBe(false)
  })
  it('prompts.answer', () => {
    pin('prompts.answer')
    expectTypeOf<OutputOf<'prompts.answer'>>().toEqualTypeOf<{ answered: boolean }>()
    expect(contract['prompts.answer'].streaming).toBe(false)
  })
  it('checks.run', () => {
    pin('checks.run')
    expectTypeOf<OutputOf<'checks.run'>>().toEqualTypeOf<DoctorRun>()
    expect(contract['checks.run'].streaming).toBe(true)
  })
  it('nested.status', () => {
    pin('nested.status')
    expectTypeOf<OutputOf<'nested.status'>>().toEqualTypeOf<NestedStatus>()
    expect(contract['nested.status'].streaming).toBe(false)
  })
  it('nested.plan', () => {
    pin('nested.plan')
    expectTypeOf<OutputOf<'nested.plan'>>().toEqualTypeOf<NestedPlan>()
    expect(contract['nested.plan'].streaming).toBe(false)
  })
  it('nested.xenPlan', () => {
    pin('nested.xenPlan')
    expectTypeOf<OutputOf<'nested.xenPlan'>>().toEqualTypeOf<XenNestedPlan>()
    expect(contract['nested.xenPlan'].streaming).toBe(false)
  })
  it('nested.apply', () => {
    pin('nested.apply')
    expectTypeOf<OutputOf<'nested.apply'>>().toEqualTypeOf<NestedApplyResult>()
    expect(contract['nested.apply'].streaming).toBe(true)
  })
  it('nested.undo', () => {
    pin('nested.undo')
    expectTypeOf<OutputOf<'nested.undo'>>().toEqualTypeOf<NestedUndoResult>()
    expect(contract['nested.undo'].streaming).toBe(true)
  })
  it('nested.changes', () => {
    pin('nested.changes')
    expectTypeOf<OutputOf<'nested.changes'>>().toEqualTypeOf<HostChangeRecord[]>()
    expect(contract['nested.changes'].streaming).toBe(false)
  })
  it('nested.guestCpuPlan', () => {
    pin('nested.guestCpuPlan')
    expectTypeOf<OutputOf<'nested.guestCpuPlan'>>().toEqualTypeOf<GuestCpuPlan>()
    expect(contract['nested.guestCpuPlan'].streaming).toBe(false)
  })
  it('nested.guestCpuApply', () => {
    pin('nested.guestCpuApply')
    expectTypeOf<OutputOf<'nested.guestCpuApply'>>().toEqualTypeOf<GuestCpuApplyResult>()
    expect(contract['nested.guestCpuApply'].streaming).toBe(true)
  })
  it('vms.connection', () => {
    pin('vms.connection')
    expectTypeOf<OutputOf<'vms.connection'>>().toEqualTypeOf<LibvirtConnectionState>()
    expect(contract['vms.connection'].streaming).toBe(false)
  })
  it('vms.list', () => {
    pin('vms.list')
    expectTypeOf<OutputOf<'vms.list'>>().toEqualTypeOf<DomainSummary[]>()
    expect(contract['vms.list'].streaming).toBe(false)
  })
  it('vms.listAll', () => {
    pin('vms.listAll')
    expectTypeOf<OutputOf<'vms.listAll'>>().toEqualTypeOf<VmListAll>()
    expect(contract['vms.listAll'].streaming).toBe(false)
  })
  it('vms.get', () => {
    pin('vms.get')
    expectTypeOf<OutputOf<'vms.get'>>().toEqualTypeOf<DomainSummary>()
    expect(contract['vms.get'].streaming).toBe(false)
  })
  it('vms.details', () => {
    pin('vms.details')
    expectTypeOf<OutputOf<'vms.details'>>().toEqualTypeOf<DomainDetails>()
    expect(contract['vms.details'].streaming).toBe(false)
  })
  it('vms.action', () => {
    pin('vms.action')
    expectTypeOf<OutputOf<'vms.action'>>().toEqualTypeOf<DomainSummary>()
    expect(contract['vms.action'].streaming).toBe(false)
  })
  it('vms.setAutostart', () => {
    pin('vms.setAutostart')
    expectTypeOf<OutputOf<'vms.setAutostart'>>().toEqualTypeOf<DomainSummary>()
    expect(contract['vms.setAutostart'].streaming).toBe(false)
  })
  it('vms.deletionPlan', () => {
    pin('vms.deletionPlan')
    expectTypeOf<OutputOf<'vms.deletionPlan'>>().toEqualTypeOf<DeletionPlan>()
    expect(contract['vms.deletionPlan'].streaming).toBe(false)
  })
  it('vms.delete', () => {
    pin('vms.delete')
    expectTypeOf<OutputOf<'vms.delete'>>().toEqualTypeOf<DeleteResult>()
    expect(contract['vms.delete'].streaming).toBe(false)
  })
  it('vms.xml', () => {
    pin('vms.xml')
    expectTypeOf<OutputOf<'vms.xml'>>().toEqualTypeOf<string>()
    expect(contract['vms.xml'].streaming).toBe(false)
  })
  it('vms.xmlPreview', () => {
    pin('vms.xmlPreview')
    expectTypeOf<OutputOf<'vms.xmlPreview'>>().toEqualTypeOf<VmXmlPreview>()
    expect(contract['vms.xmlPreview'].streaming).toBe(false)
  })
  it('vms.define', () => {
    pin('vms.define')
    expectTypeOf<OutputOf<'vms.define'>>().toEqualTypeOf<VmDefineResult>()
    expect(contract['vms.define'].streaming).toBe(false)
  })
  it('vms.history', () => {
    pin('vms.history')
    expectTypeOf<OutputOf<'vms.history'>>().toEqualTypeOf<XmlHistoryEntry[]>()
    expect(contract['vms.history'].streaming).toBe(false)
  })
  it('vms.restore', () => {
    pin('vms.restore')
    expectTypeOf<OutputOf<'vms.restore'>>().toEqualTypeOf<VmDefineResult>()
    expect(contract['vms.restore'].streaming).toBe(false)
  })
  it('vms.capabilities', () => {
    pin('vms.capabilities')
    expectTypeOf<OutputOf<'vms.capabilities'>>().toEqualTypeOf<HostVmCapabilities>()
    expect(contract['vms.capabilities'].streaming).toBe(false)
  })
  it('vms.checkName', () => {
    pin('vms.checkName')
    expectTypeOf<OutputOf<'vms.checkName'>>().toEqualTypeOf<VmNameCheck>()
    expect(contract['vms.checkName'].streaming).toBe(false)
  })
  it('vms.createPreview', () => {
    pin('vms.createPreview')
    expectTypeOf<OutputOf<'vms.createPreview'>>().toEqualTypeOf<VmCreatePreview>()
    expect(contract['vms.createPreview'].streaming).toBe(false)
  })
  it('vms.create', () => {
    pin('vms.create')
    expectTypeOf<OutputOf<'vms.create'>>().toEqualTypeOf<VmCreateResult>()
    expect(contract['vms.create'].streaming).toBe(true)
  })
  it('pools.list', () => {
    pin('pools.list')
    expectTypeOf<OutputOf<'pools.list'>>().toEqualTypeOf<StoragePool[]>()
    expect(contract['pools.list'].streaming).toBe(false)
  })
  it('pools.start', () => {
    pin('pools.start')
    expectTypeOf<OutputOf<'pools.start'>>().toEqualTypeOf<StoragePool[]>()
    expect(contract['pools.start'].streaming).toBe(false)
  })
  it('pools.stop', () => {
    pin('pools.stop')
    expectTypeOf<OutputOf<'pools.stop'>>().toEqualTypeOf<StoragePool[]>()
    expect(contract['pools.stop'].streaming).toBe(false)
  })
  it('pools.setAutostart', () => {
    pin('pools.setAutostart')
    expectTypeOf<OutputOf<'pools.setAutostart'>>().toEqualTypeOf<StoragePool[]>()
    expect(contract['pools.setAutostart'].streaming).toBe(false)
  })
  it('volumes.list', () => {
    pin('volumes.list')
    expectTypeOf<OutputOf<'volumes.list'>>().toEqualTypeOf<StorageVolume[]>()
    expect(contract['volumes.list'].streaming).toBe(false)
  })
  it('volumes.create', () => {
    pin('volumes.create')
    expectTypeOf<OutputOf<'volumes.create'>>().toEqualTypeOf<StorageVolume>()
    expect(contract['volumes.create'].streaming).toBe(true)
  })
  it('volumes.delete', () => {
    pin('volumes.delete')
    expectTypeOf<OutputOf<'volumes.delete'>>().toEqualTypeOf<{ deleted: true }>()
    expect(contract['volumes.delete'].streaming).toBe(false)
  })
  it('networks.list', () => {
    pin('networks.list')
    expectTypeOf<OutputOf<'networks.list'>>().toEqualTypeOf<VirtualNetwork[]>()
    expect(contract['networks.list'].streaming).toBe(false)
  })
  it('networks.start', () => {
    pin('networks.start')
    expectTypeOf<OutputOf<'networks.start'>>().toEqualTypeOf<VirtualNetwork[]>()
    expect(contract['networks.start'].streaming).toBe(false)
  })
  it('networks.stop', () => {
    pin('networks.stop')
    expectTypeOf<OutputOf<'networks.stop'>>().toEqualTypeOf<VirtualNetwork[]>()
    expect(contract['networks.stop'].streaming).toBe(false)
  })
  it('networks.setAutostart', () => {
    pin('networks.setAutostart')
    expectTypeOf<OutputOf<'networks.setAutostart'>>().toEqualTypeOf<VirtualNetwork[]>()
    expect(contract['networks.setAutostart'].streaming).toBe(false)
  })
  it('changes.list', () => {
    pin('changes.list')
    expectTypeOf<OutputOf<'changes.list'>>().toEqualTypeOf<HostChangeRecord[]>()
    expect(contract['changes.list'].streaming).toBe(false)
  })
  it('changes.get', () => {
    pin('changes.get')
    expectTypeOf<OutputOf<'changes.get'>>().toEqualTypeOf<HostChangeRecord>()
    expect(contract['changes.get'].streaming).toBe(false)
  })
  it('changes.verify', () => {
    pin('changes.verify')
    expectTypeOf<OutputOf<'changes.verify'>>().toEqualTypeOf<HostChangeRecord>()
    expect(contract['changes.verify'].streaming).toBe(false)
  })
  it('changes.undo', () => {
    pin('changes.undo')
    expectTypeOf<OutputOf<'changes.undo'>>().toEqualTypeOf<{ change: HostChangeRecord; undo: UndoSummary }>()
    expect(contract['changes.undo'].streaming).toBe(true)
  })

  it('secrets.status', () => {
    pin('secrets.status')
    expectTypeOf<OutputOf<'secrets.status'>>().toEqualTypeOf<SecretStorageStatus>()
    expect(contract['secrets.status'].streaming).toBe(false)
  })

  it('tuning.report', () => {
    pin('tuning.report')
    expectTypeOf<OutputOf<'tuning.report'>>().toEqualTypeOf<TuningReport>()
    expect(contract['tuning.report'].streaming).toBe(false)
  })

  it('tuning.hostReport', () => {
    pin('tuning.hostReport')
    expectTypeOf<OutputOf<'tuning.hostReport'>>().toEqualTypeOf<HostTuningReport>()
    expect(contract['tuning.hostReport'].streaming).toBe(true)
  })

  it('tuning.preview', () => {
    pin('tuning.preview')
    expectTypeOf<OutputOf<'tuning.preview'>>().toEqualTypeOf<TuningPreview>()
    expect(contract['tuning.preview'].streaming).toBe(true)
  })

  it('tuning.measure', () => {
    pin('tuning.measure')
    expectTypeOf<OutputOf<'tuning.measure'>>().toEqualTypeOf<PreallocationMeasurement>()
    expect(contract['tuning.measure'].streaming).toBe(true)
  })

  it('tuning.apply', () => {
    pin('tuning.apply')
    expectTypeOf<OutputOf<'tuning.apply'>>().toEqualTypeOf<HostChangeRecord>()
    expect(contract['tuning.apply'].streaming).toBe(true)
  })

  it('docker.status', () => {
    pin('docker.status')
    expectTypeOf<OutputOf<'docker.status'>>().toEqualTypeOf<DockerAvailability>()
    expect(contract['docker.status'].streaming).toBe(false)
  })

  it('docker.startDaemon', () => {
    pin('docker.startDaemon')
    expectTypeOf<OutputOf<'docker.startDaemon'>>().toEqualTypeOf<DockerAvailability>()
    expect(contract['docker.startDaemon'].streaming).toBe(true)
  })

  it('docker.list', () => {
    pin('docker.list')
    expectTypeOf<OutputOf<'docker.list'>>().toEqualTypeOf<ContainerSummary[]>()
    expect(contract['docker.list'].streaming).toBe(false)
  })

  it('docker.get', () => {
    pin('docker.get')
    expectTypeOf<OutputOf<'docker.get'>>().toEqualTypeOf<ContainerSummary>()
    expect(contract['docker.get'].streaming).toBe(false)
  })

  it('docker.action', () => {
    pin('docker.action')
    expectTypeOf<OutputOf<'docker.action'>>().toEqualTypeOf<{ container: ContainerSummary | null }>()
    expect(contract['docker.action'].streaming).toBe(false)
  })

  it('docker.inspect', () => {
    pin('docker.inspect')
    expectTypeOf<OutputOf<'docker.inspect'>>().toEqualTypeOf<ContainerDetails>()
    expect(contract['docker.inspect'].streaming).toBe(false)
  })

  it('docker.logs', () => {
    pin('docker.logs')
    expectTypeOf<OutputOf<'docker.logs'>>().toEqualTypeOf<LogLine[]>()
    expect(contract['docker.logs'].streaming).toBe(true)
  })

  it('docker.stats', () => {
    pin('docker.stats')
    expectTypeOf<OutputOf<'docker.stats'>>().toEqualTypeOf<ContainerStats>()
    expect(contract['docker.stats'].streaming).toBe(false)
  })

  it('docker.statsWatch', () => {
    pin('docker.statsWatch')
    expectTypeOf<OutputOf<'docker.statsWatch'>>().toEqualTypeOf<{ stopped: true }>()
    expect(contract['docker.statsWatch'].streaming).toBe(true)
  })

  it('docker.create', () => {
    pin('docker.create')
    expectTypeOf<OutputOf<'docker.create'>>().toEqualTypeOf<ContainerSummary>()
    expect(contract['docker.create'].streaming).toBe(true)
  })

  it('docker.repairPlan', () => {
    pin('docker.repairPlan')
    expectTypeOf<OutputOf<'docker.repairPlan'>>().toEqualTypeOf<Docker0RepairPlan>()
    expect(contract['docker.repairPlan'].streaming).toBe(false)
  })

  it('docker.repairDocker0', () => {
    pin('docker.repairDocker0')
    expectTypeOf<OutputOf<'docker.repairDocker0'>>().toEqualTypeOf<DockerAvailability>()
    expect(contract['docker.repairDocker0'].streaming).toBe(true)
  })

  it('docker.images', () => {
    pin('docker.images')
    expectTypeOf<OutputOf<'docker.images'>>().toEqualTypeOf<ImageSummary[]>()
    expect(contract['docker.images'].streaming).toBe(false)
  })

  it('docker.volumes', () => {
    pin('docker.volumes')
    expectTypeOf<OutputOf<'docker.volumes'>>().toEqualTypeOf<VolumeSummary[]>()
    expect(contract['docker.volumes'].streaming).toBe(false)
  })

  it('docker.networks', () => {
    pin('docker.networks')
    expectTypeOf<OutputOf<'docker.networks'>>().toEqualTypeOf<NetworkSummary[]>()
    expect(contract['docker.networks'].streaming).toBe(false)
  })

  it('docker.remove', () => {
    pin('docker.remove')
    expectTypeOf<OutputOf<'docker.remove'>>().toEqualTypeOf<{ removed: true }>()
    expect(contract['docker.remove'].streaming).toBe(false)
  })

  it('docker.prunePreview', () => {
    pin('docker.prunePreview')
    expectTypeOf<OutputOf<'docker.prunePreview'>>().toEqualTypeOf<PrunePreview>()
    expect(contract['docker.prunePreview'].streaming).toBe(false)
  })

  it('docker.prune', () => {
    pin('docker.prune')
    expectTypeOf<OutputOf<'docker.prune'>>().toEqualTypeOf<PruneResult>()
    expect(contract['docker.prune'].streaming).toBe(false)
  })

  it('docker.pull', () => {
    pin('docker.pull')
    expectTypeOf<OutputOf<'docker.pull'>>().toEqualTypeOf<{ image: string }>()
    expect(contract['docker.pull'].streaming).toBe(true)
  })

  it('docker.importImage', () => {
    pin('docker.importImage')
    expectTypeOf<OutputOf<'docker.importImage'>>().toEqualTypeOf<{ image: string }>()
    expect(contract['docker.importImage'].streaming).toBe(true)
  })

  it('docker.forwardCheck', () => {
    pin('docker.forwardCheck')
    expectTypeOf<OutputOf<'docker.forwardCheck'>>().toEqualTypeOf<ForwardCheck>()
    expect(contract['docker.forwardCheck'].streaming).toBe(false)
  })

  it('docker.mtuCheck', () => {
    pin('docker.mtuCheck')
    expectTypeOf<OutputOf<'docker.mtuCheck'>>().toEqualTypeOf<MtuCheck>()
    expect(contract['docker.mtuCheck'].streaming).toBe(false)
  })

  it('lxc.status', () => {
    pin('lxc.status')
    expectTypeOf<OutputOf<'lxc.status'>>().toEqualTypeOf<LxcAvailability>()
    expect(contract['lxc.status'].streaming).toBe(false)
  })

  it('lxc.list', () => {
    pin('lxc.list')
    expectTypeOf<OutputOf<'lxc.list'>>().toEqualTypeOf<LxcContainer[]>()
    expect(contract['lxc.list'].streaming).toBe(false)
    // A summary asks for no password: the optional flag, nothing else.
    expect(contract['lxc.list'].input.safeParse({ hostId: 'h', nonInteractive: true }).success).toBe(true)
    expect(contract['lxc.list'].input.safeParse({ hostId: 'h', prompt: false }).success).toBe(false)
  })

  it('lxc.info', () => {
    pin('lxc.info')
    expectTypeOf<OutputOf<'lxc.info'>>().toEqualTypeOf<LxcContainer>()
    expect(contract['lxc.info'].streaming).toBe(false)
  })

  it('lxc.templates', () => {
    pin('lxc.templates')
    expectTypeOf<OutputOf<'lxc.templates'>>().toEqualTypeOf<LxcTemplate[]>()
    expect(contract['lxc.templates'].streaming).toBe(false)
  })

  it('lxc.action', () => {
    pin('lxc.action')
    expectTypeOf<OutputOf<'lxc.action'>>().toEqualTypeOf<LxcActionResult>()
    expect(contract['lxc.action'].streaming).toBe(false)
  })

  it('lxc.create', () => {
    pin('lxc.create')
    expectTypeOf<OutputOf<'lxc.create'>>().toEqualTypeOf<LxcContainer>()
    expect(contract['lxc.create'].streaming).toBe(true)
  })

  it('lxc.setLink', () => {
    pin('lxc.setLink')
    expectTypeOf<OutputOf<'lxc.setLink'>>().toEqualTypeOf<LxcContainer>()
    expect(contract['lxc.setLink'].streaming).toBe(false)
  })
  // containers: begin (LXC services and install)
  it('lxc.services', () => {
    pin('lxc.services')
    expectTypeOf<OutputOf<'lxc.services'>>().toEqualTypeOf<LxcServiceState[]>()
    expect(contract['lxc.services'].streaming).toBe(false)
  })
  it('lxc.startService', () => {
    pin('lxc.startService')
    expectTypeOf<OutputOf<'lxc.startService'>>().toEqualTypeOf<LxcServiceState>()
    expect(contract['lxc.startService'].streaming).toBe(true)
  })
  it('lxc.installPlan', () => {
    pin('lxc.installPlan')
    expectTypeOf<OutputOf<'lxc.installPlan'>>().toEqualTypeOf<{ commands: string[][] }>()
    expect(contract['lxc.installPlan'].streaming).toBe(false)
  })
  it('lxc.install', () => {
    pin('lxc.install')
    expectTypeOf<OutputOf<'lxc.install'>>().toEqualTypeOf<LxcAvailability>()
    expect(contract['lxc.install'].streaming).toBe(true)
  })
  // containers: end
  // containers fixes: begin
  it('docker.mtuPlan', () => {
    pin('docker.mtuPlan')
    expectTypeOf<OutputOf<'docker.mtuPlan'>>().toEqualTypeOf<DockerMtuPlan>()
    expect(contract['docker.mtuPlan'].streaming).toBe(false)
  })

  it('docker.mtuApply', () => {
    pin('docker.mtuApply')
    expectTypeOf<OutputOf<'docker.mtuApply'>>().toEqualTypeOf<HostChangeRecord>()
    expect(contract['docker.mtuApply'].streaming).toBe(true)
  })

  it('lxc.bridgePlan', () => {
    pin('lxc.bridgePlan')
    expectTypeOf<OutputOf<'lxc.bridgePlan'>>().toEqualTypeOf<LxcBridgePlan>()
    expect(contract['lxc.bridgePlan'].streaming).toBe(false)
  })

  it('lxc.bridgeApply', () => {
    pin('lxc.bridgeApply')
    expectTypeOf<OutputOf<'lxc.bridgeApply'>>().toEqualTypeOf<HostChangeRecord>()
    expect(contract['lxc.bridgeApply'].streaming).toBe(true)
  })

  it('docker.forwardPlan', () => {
    pin('docker.forwardPlan')
    expectTypeOf<OutputOf<'docker.forwardPlan'>>().toEqualTypeOf<DockerForwardPlan>()
    expect(contract['docker.forwardPlan'].streaming).toBe(false)
  })

  it('docker.forwardApply', () => {
    pin('docker.forwardApply')
    expectTypeOf<OutputOf<'docker.forwardApply'>>().toEqualTypeOf<HostChangeRecord>()
    expect(contract['docker.forwardApply'].streaming).toBe(true)
  })
  // containers fixes: end
  // console: begin
  it('console.spice', () => {
    pin('console.spice')
    expectTypeOf<OutputOf<'console.spice'>>().toEqualTypeOf<SpiceLaunch>()
    expect(contract['console.spice'].streaming).toBe(false)
  })
  it('console.addVncPlan', () => {
    pin('console.addVncPlan')
    expectTypeOf<OutputOf<'console.addVncPlan'>>().toEqualTypeOf<AddVncPlanView>()
    expect(contract['console.addVncPlan'].streaming).toBe(false)
  })
  it('console.addVncApply', () => {
    pin('console.addVncApply')
    expectTypeOf<OutputOf<'console.addVncApply'>>().toEqualTypeOf<HostChangeRecord>()
    expect(contract['console.addVncApply'].streaming).toBe(true)
  })
  // console: end
  // snapshots: begin
  it('snapshots.list', () => {
    pin('snapshots.list')
    expectTypeOf<OutputOf<'snapshots.list'>>().toEqualTypeOf<SnapshotTree>()
    expect(contract['snapshots.list'].streaming).toBe(false)
  })
  it('snapshots.create', () => {
    pin('snapshots.create')
    expectTypeOf<OutputOf<'snapshots.create'>>().toEqualTypeOf<SnapshotCreateResult>()
    expect(contract['snapshots.create'].streaming).toBe(false)
  })
  it('snapshots.revert', () => {
    pin('snapshots.revert')
    expectTypeOf<OutputOf<'snapshots.revert'>>().toEqualTypeOf<SnapshotRevertResult>()
    expect(contract['snapshots.revert'].streaming).toBe(false)
  })
  it('snapshots.delete', () => {
    pin('snapshots.delete')
    expectTypeOf<OutputOf<'snapshots.delete'>>().toEqualTypeOf<SnapshotDeleteResult>()
    expect(contract['snapshots.delete'].streaming).toBe(false)
  })
  it('vms.clone', () => {
    pin('vms.clone')
    expectTypeOf<OutputOf<'vms.clone'>>().toEqualTypeOf<VmCloneResult>()
    expect(contract['vms.clone'].streaming).toBe(true)
  })
  // snapshots: end

  it('vagrant.detect', () => {
    pin('vagrant.detect')
    expectTypeOf<OutputOf<'vagrant.detect'>>().toEqualTypeOf<VagrantInfo>()
    expect(contract['vagrant.detect'].streaming).toBe(false)
  })

  it('vagrant.pluginInstall', () => {
    pin('vagrant.pluginInstall')
    expectTypeOf<OutputOf<'vagrant.pluginInstall'>>().toEqualTypeOf<PluginInstallResult>()
    expect(contract['vagrant.pluginInstall'].streaming).toBe(true)
  })

  it('vagrant.projects', () => {
    pin('vagrant.projects')
    expectTypeOf<OutputOf<'vagrant.projects'>>().toEqualTypeOf<VagrantProject[]>()
    expect(contract['vagrant.projects'].streaming).toBe(false)
  })

  it('vagrant.add', () => {
    pin('vagrant.add')
    expectTypeOf<OutputOf<'vagrant.add'>>().toEqualTypeOf<VagrantProject>()
    expect(contract['vagrant.add'].streaming).toBe(false)
  })

  it('vagrant.create', () => {
    pin('vagrant.create')
    expectTypeOf<OutputOf<'vagrant.create'>>().toEqualTypeOf<VagrantProject>()
    expect(contract['vagrant.create'].streaming).toBe(false)
  })

  it('vagrant.remove', () => {
    pin('vagrant.remove')
    expectTypeOf<OutputOf<'vagrant.remove'>>().toEqualTypeOf<{ removed: boolean }>()
    expect(contract['vagrant.remove'].streaming).toBe(false)
  })

  it('vagrant.open', () => {
    pin('vagrant.open')
    expectTypeOf<OutputOf<'vagrant.open'>>().toEqualTypeOf<VagrantfileOpened>()
    expect(contract['vagrant.open'].streaming).toBe(false)
  })

  it('vagrant.generate', () => {
    pin('vagrant.generate')
    expectTypeOf<OutputOf<'vagrant.generate'>>().toEqualTypeOf<{ text: string; warnings: string[] }>()
    expect(contract['vagrant.generate'].streaming).toBe(false)
  })

  it('vagrant.save', () => {
    pin('vagrant.save')
    expectTypeOf<OutputOf<'vagrant.save'>>().toEqualTypeOf<VagrantValidation>()
    expect(contract['vagrant.save'].streaming).toBe(false)
  })

  it('vagrant.saveText', () => {
    pin('vagrant.saveText')
    expectTypeOf<OutputOf<'vagrant.saveText'>>().toEqualTypeOf<VagrantValidation>()
    expect(contract['vagrant.saveText'].streaming).toBe(false)
  })

  it('vagrant.validate', () => {
    pin('vagrant.validate')
    expectTypeOf<OutputOf<'vagrant.validate'>>().toEqualTypeOf<VagrantValidation>()
    expect(contract['vagrant.validate'].streaming).toBe(false)
  })

  it('vagrant.status', () => {
    pin('vagrant.status')
    expectTypeOf<OutputOf<'vagrant.status'>>().toEqualTypeOf<VagrantMachineStatus[]>()
    expect(contract['vagrant.status'].streaming).toBe(false)
  })

  it('vagrant.run', () => {
    pin('vagrant.run')
    expectTypeOf<OutputOf<'vagrant.run'>>().toEqualTypeOf<VagrantRunResult>()
    expect(contract['vagrant.run'].streaming).toBe(true)
  })

  it('vagrant.boxes', () => {
    pin('vagrant.boxes')
    expectTypeOf<OutputOf<'vagrant.boxes'>>().toEqualTypeOf<VagrantBox[]>()
    expect(contract['vagrant.boxes'].streaming).toBe(false)
  })

  it('vagrant.boxAdd', () => {
    pin('vagrant.boxAdd')
    expectTypeOf<OutputOf<'vagrant.boxAdd'>>().toEqualTypeOf<VagrantBoxAddResult>()
    expect(contract['vagrant.boxAdd'].streaming).toBe(true)
  })

  it('vagrant.boxRemove', () => {
    pin('vagrant.boxRemove')
    expectTypeOf<OutputOf<'vagrant.boxRemove'>>().toEqualTypeOf<VagrantBoxRemoveResult>()
    expect(contract['vagrant.boxRemove'].streaming).toBe(false)
  })

  it('vagrant.boxOutdated', () => {
    pin('vagrant.boxOutdated')
    expectTypeOf<OutputOf<'vagrant.boxOutdated'>>().toEqualTypeOf<VagrantBoxOutdated[]>()
    expect(contract['vagrant.boxOutdated'].streaming).toBe(false)
  })

  it('vagrant.interfaces', () => {
    pin('vagrant.interfaces')
    expectTypeOf<OutputOf<'vagrant.interfaces'>>().toEqualTypeOf<HostInterface[]>()
    expect(contract['vagrant.interfaces'].streaming).toBe(false)
  })

  it('vagrant.links', () => {
    pin('vagrant.links')
    expectTypeOf<OutputOf<'vagrant.links'>>().toEqualTypeOf<VagrantMachineLink[]>()
    expect(contract['vagrant.links'].streaming).toBe(false)
  })

  it('tuning.convert', () => {
    pin('tuning.convert')
    expectTypeOf<OutputOf<'tuning.convert'>>().toEqualTypeOf<HostChangeRecord>()
    expect(contract['tuning.convert'].streaming).toBe(true)
  })

  // passthrough: begin
  it('passthrough.plan', () => {
    pin('passthrough.plan')
    expectTypeOf<OutputOf<'passthrough.plan'>>().toEqualTypeOf<PassthroughPlanPreview>()
    expect(contract['passthrough.plan'].streaming).toBe(false)
  })

  it('passthrough.apply', () => {
    pin('passthrough.apply')
    expectTypeOf<OutputOf<'passthrough.apply'>>().toEqualTypeOf<HostChangeRecord>()
    expect(contract['passthrough.apply'].streaming).toBe(true)
  })
  it('passthrough.report', () => {
    pin('passthrough.report')
    expectTypeOf<OutputOf<'passthrough.report'>>().toEqualTypeOf<PassthroughReport>()
    expect(contract['passthrough.report'].streaming).toBe(false)
  })

  it('passthrough.vmPlan', () => {
    pin('passthrough.vmPlan')
    expectTypeOf<OutputOf<'passthrough.vmPlan'>>().toEqualTypeOf<PassthroughVmPreview>()
    expect(contract['passthrough.vmPlan'].streaming).toBe(false)
  })

  it('passthrough.vmApply', () => {
    pin('passthrough.vmApply')
    expectTypeOf<OutputOf<'passthrough.vmApply'>>().toEqualTypeOf<HostChangeRecord>()
    expect(contract['passthrough.vmApply'].streaming).toBe(true)
  })

  it('passthrough.launch', () => {
    pin('passthrough.launch')
    expectTypeOf<OutputOf<'passthrough.launch'>>().toEqualTypeOf<PassthroughLaunchReport>()
    expect(contract['passthrough.launch'].streaming).toBe(true)
  })

  it('passthrough.hooksPlan', () => {
    pin('passthrough.hooksPlan')
    expectTypeOf<OutputOf<'passthrough.hooksPlan'>>().toEqualTypeOf<PassthroughHooksPreview>()
    expect(contract['passthrough.hooksPlan'].streaming).toBe(false)
  })

  it('passthrough.hooksApply', () => {
    pin('passthrough.hooksApply')
    expectTypeOf<OutputOf<'passthrough.hooksApply'>>().toEqualTypeOf<HostChangeRecord>()
    expect(contract['passthrough.hooksApply'].streaming).toBe(true)
  })

  // passthrough: end
  // vmhw: begin
  it('vmhw.view', () => {
    pin('vmhw.view')
    expectTypeOf<OutputOf<'vmhw.view'>>().toEqualTypeOf<HardwareView>()
    expect(contract['vmhw.view'].streaming).toBe(false)
  })

  it('vmhw.preview', () => {
    pin('vmhw.preview')
    expectTypeOf<OutputOf<'vmhw.preview'>>().toEqualTypeOf<HwPreview>()
    expect(contract['vmhw.preview'].streaming).toBe(false)
  })

  it('vmhw.apply', () => {
    pin('vmhw.apply')
    expectTypeOf<OutputOf<'vmhw.apply'>>().toEqualTypeOf<HwApplyResult>()
    expect(contract['vmhw.apply'].streaming).toBe(true)
  })

  it('vmhw.hostDevices', () => {
    pin('vmhw.hostDevices')
    expectTypeOf<OutputOf<'vmhw.hostDevices'>>().toEqualTypeOf<HostDevice[]>()
    expect(contract['vmhw.hostDevices'].streaming).toBe(false)
  })

  it('vmhw.resize', () => {
    pin('vmhw.resize')
    expectTypeOf<OutputOf<'vmhw.resize'>>().toEqualTypeOf<HwResizeResult>()
    expect(contract['vmhw.resize'].streaming).toBe(false)
  })
  // vmhw: end

  // stats: begin
  it('stats.watch', () => {
    pin('stats.watch')
    expectTypeOf<OutputOf<'stats.watch'>>().toEqualTypeOf<{ stopped: true }>()
    expect(contract['stats.watch'].streaming).toBe(true)
  })

  it('stats.history', () => {
    pin('stats.history')
    expectTypeOf<OutputOf<'stats.history'>>().toEqualTypeOf<StatsHistory>()
    expect(contract['stats.history'].streaming).toBe(false)
  })

  it('thumbnails.get', () => {
    pin('thumbnails.get')
    expectTypeOf<OutputOf<'thumbnails.get'>>().toEqualTypeOf<VmThumbnail>()
    expect(contract['thumbnails.get'].streaming).toBe(false)
  })

  it('jobs.info', () => {
    pin('jobs.info')
    expectTypeOf<OutputOf<'jobs.info'>>().toEqualTypeOf<DomainJob>()
    expect(contract['jobs.info'].streaming).toBe(false)
  })

  it('jobs.abort', () => {
    pin('jobs.abort')
    expectTypeOf<OutputOf<'jobs.abort'>>().toEqualTypeOf<{ aborted: true }>()
    expect(contract['jobs.abort'].streaming).toBe(false)
  })
  // stats: end
  // storagenet: begin
  it('pools.kinds', () => {
    pin('pools.kinds')
    expectTypeOf<OutputOf<'pools.kinds'>>().toEqualTypeOf<PoolKindOffer[]>()
    expect(contract['pools.kinds'].streaming).toBe(false)
  })
  it('pools.preview', () => {
    pin('pools.preview')
    expectTypeOf<OutputOf<'pools.preview'>>().toEqualTypeOf<PoolPreview>()
    expect(contract['pools.preview'].streaming).toBe(false)
  })
  it('pools.create', () => {
    pin('pools.create')
    expectTypeOf<OutputOf<'pools.create'>>().toEqualTypeOf<StoragePool[]>()
    expect(contract['pools.create'].streaming).toBe(false)
  })
  it('pools.delete', () => {
    pin('pools.delete')
    expectTypeOf<OutputOf<'pools.delete'>>().toEqualTypeOf<StoragePool[]>()
    expect(contract['pools.delete'].streaming).toBe(false)
  })
  it('pools.build', () => {
    pin('pools.build')
    expectTypeOf<OutputOf<'pools.build'>>().toEqualTypeOf<StoragePool[]>()
    expect(contract['pools.build'].streaming).toBe(false)
  })
  it('pools.refresh', () => {
    pin('pools.refresh')
    expectTypeOf<OutputOf<'pools.refresh'>>().toEqualTypeOf<StoragePool[]>()
    expect(contract['pools.refresh'].streaming).toBe(false)
  })
  it('volumes.resize', () => {
    pin('volumes.resize')
    expectTypeOf<OutputOf<'volumes.resize'>>().toEqualTypeOf<StorageVolume>()
    expect(contract['volumes.resize'].streaming).toBe(false)
  })
  it('volumes.clone', () => {
    pin('volumes.clone')
    expectTypeOf<OutputOf<'volumes.clone'>>().toEqualTypeOf<StorageVolume>()
    expect(contract['volumes.clone'].streaming).toBe(true)
  })
  it('volumes.upload', () => {
    pin('volumes.upload')
    expectTypeOf<OutputOf<'volumes.upload'>>().toEqualTypeOf<TransferResult>()
    expect(contract['volumes.upload'].streaming).toBe(true)
  })
  it('volumes.download', () => {
    pin('volumes.download')
    expectTypeOf<OutputOf<'volumes.download'>>().toEqualTypeOf<TransferResult>()
    expect(contract['volumes.download'].streaming).toBe(true)
  })
  it('volumes.usedBy', () => {
    pin('volumes.usedBy')
    expectTypeOf<OutputOf<'volumes.usedBy'>>().toEqualTypeOf<VolumeUsers[]>()
    expect(contract['volumes.usedBy'].streaming).toBe(false)
  })
  it('networks.hostBridges', () => {
    pin('networks.hostBridges')
    expectTypeOf<OutputOf<'networks.hostBridges'>>().toEqualTypeOf<HostBridge[]>()
    expect(contract['networks.hostBridges'].streaming).toBe(false)
  })
  it('networks.spec', () => {
    pin('networks.spec')
    expectTypeOf<OutputOf<'networks.spec'>>().toEqualTypeOf<NetworkSpec>()
    expect(contract['networks.spec'].streaming).toBe(false)
  })
  it('networks.preview', () => {
    pin('networks.preview')
    expectTypeOf<OutputOf<'networks.preview'>>().toEqualTypeOf<NetworkPreview>()
    expect(contract['networks.preview'].streaming).toBe(false)
  })
  it('networks.create', () => {
    pin('networks.create')
    expectTypeOf<OutputOf<'networks.create'>>().toEqualTypeOf<VirtualNetwork[]>()
    expect(contract['networks.create'].streaming).toBe(false)
  })
  it('networks.edit', () => {
    pin('networks.edit')
    expectTypeOf<OutputOf<'networks.edit'>>().toEqualTypeOf<{
      networks: VirtualNetwork[]
      warnings: string[]
    }>()
    expect(contract['networks.edit'].streaming).toBe(false)
  })
  it('networks.delete', () => {
    pin('networks.delete')
    expectTypeOf<OutputOf<'networks.delete'>>().toEqualTypeOf<VirtualNetwork[]>()
    expect(contract['networks.delete'].streaming).toBe(false)
  })
  it('networks.leases', () => {
    pin('networks.leases')
    expectTypeOf<OutputOf<'networks.leases'>>().toEqualTypeOf<DhcpLease[]>()
    expect(contract['networks.leases'].streaming).toBe(false)
  })
  it('vms.addresses', () => {
    pin('vms.addresses')
    expectTypeOf<OutputOf<'vms.addresses'>>().toEqualTypeOf<VmAddresses[]>()
    expect(contract['vms.addresses'].streaming).toBe(false)
  })
  it('vms.addressesOf', () => {
    pin('vms.addressesOf')
    expectTypeOf<OutputOf<'vms.addressesOf'>>().toEqualTypeOf<VmAddress[]>()
    expect(contract['vms.addressesOf'].streaming).toBe(false)
  })
  // storagenet: end
  // vmmisc: begin
  it('vms.restorePreview', () => {
    pin('vms.restorePreview')
    expectTypeOf<OutputOf<'vms.restorePreview'>>().toEqualTypeOf<RestorePreview>()
    expect(contract['vms.restorePreview'].streaming).toBe(false)
  })
  it('vms.rename', () => {
    pin('vms.rename')
    expectTypeOf<OutputOf<'vms.rename'>>().toEqualTypeOf<DomainSummary>()
    expect(contract['vms.rename'].streaming).toBe(false)
  })
  it('audit.query', () => {
    pin('audit.query')
    expectTypeOf<OutputOf<'audit.query'>>().toEqualTypeOf<AuditPage>()
    expect(contract['audit.query'].streaming).toBe(false)
  })
  it('audit.facets', () => {
    pin('audit.facets')
    expectTypeOf<OutputOf<'audit.facets'>>().toEqualTypeOf<AuditFacets>()
    expect(contract['audit.facets'].streaming).toBe(false)
  })
  it('overview.host', () => {
    pin('overview.host')
    expectTypeOf<OutputOf<'overview.host'>>().toEqualTypeOf<HostOverview>()
    expect(contract['overview.host'].streaming).toBe(false)
  })
  it('overview.all', () => {
    pin('overview.all')
    expectTypeOf<OutputOf<'overview.all'>>().toEqualTypeOf<OverviewAll>()
    expect(contract['overview.all'].streaming).toBe(false)
  })
  it('osinfo.catalog', () => {
    pin('osinfo.catalog')
    expectTypeOf<OutputOf<'osinfo.catalog'>>().toEqualTypeOf<OsCatalog>()
    expect(contract['osinfo.catalog'].streaming).toBe(false)
  })
  it('osinfo.recommend', () => {
    pin('osinfo.recommend')
    expectTypeOf<OutputOf<'osinfo.recommend'>>().toEqualTypeOf<OsRecommendation>()
    expect(contract['osinfo.recommend'].streaming).toBe(false)
  })
  // vmmisc: end

  it('every channel of the contract is pinned above', () => {
    expect([...PINNED].sort()).toEqual(Object.keys(contract).sort())
  })
})
