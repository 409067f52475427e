import { describe, expect, expectTypeOf, it } from 'vitest'
import type { HostVmCapabilities, VmCreatePreview, VmCreateResult, VmNameCheck } from '../vm-create.js'
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
} from '../vms.js'
import type { OutputOf } from '../contract.js'
import { contract } from '../contract.js'
import { vmsChannels } from './vms.js'

/** The vms channels pinned, one test per channel (see ../contract.test.ts). */

const PINNED = new Set<string>()
function pin(channel: keyof typeof vmsChannels): void {
  PINNED.add(channel)
}

describe('the vms channels, one at a time', () => {
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

  it('every vms channel is pinned above', () => {
    expect([...PINNED].sort()).toEqual(Object.keys(vmsChannels).sort())
  })
})
