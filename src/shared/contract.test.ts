import { describe, expect, expectTypeOf, it } from 'vitest'
import type { HostChangeRecord, UndoSummary } from './changes.js'
import type { DoctorRun } from './checks.js'
import type { OutputOf } from './contract.js'
import { contract } from './contract.js'
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
// snapshots: begin
import type {
  SnapshotCreateResult,
  SnapshotDeleteResult,
  SnapshotRevertResult,
  SnapshotTree,
} from './snapshots.js'
import type { VmCloneResult } from './vm-clone.js'
// snapshots: end

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

  it('every channel of the contract is pinned above', () => {
    expect([...PINNED].sort()).toEqual(Object.keys(contract).sort())
  })
})
