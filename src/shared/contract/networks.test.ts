import { describe, expect, expectTypeOf, it } from 'vitest'
import type { DhcpLease, HostBridge, NetworkPreview, NetworkSpec } from '../network-create.js'
import type { VirtualNetwork } from '../networks.js'
import type { OutputOf } from '../contract.js'
import { contract } from '../contract.js'
import { networkAdminChannels, networksChannels } from './networks.js'

/** The networks channels pinned, one test per channel (see ../contract.test.ts). */

const PINNED = new Set<string>()
function pin(channel: keyof typeof networksChannels | keyof typeof networkAdminChannels): void {
  PINNED.add(channel)
}

describe('the networks channels, one at a time', () => {
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

  it('every networks channel is pinned above', () => {
    expect([...PINNED].sort()).toEqual(Object.keys({ ...networksChannels, ...networkAdminChannels }).sort())
  })
})
