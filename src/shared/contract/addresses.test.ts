import { describe, expect, expectTypeOf, it } from 'vitest'
import type { VmAddress, VmAddresses } from '../addresses.js'
import type { OutputOf } from '../contract.js'
import { contract } from '../contract.js'
import { addressesChannels } from './addresses.js'

/** The addresses channels pinned, one test per channel (see ../contract.test.ts). */

const PINNED = new Set<string>()
function pin(channel: keyof typeof addressesChannels): void {
  PINNED.add(channel)
}

describe('the addresses channels, one at a time', () => {
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

  it('every addresses channel is pinned above', () => {
    expect([...PINNED].sort()).toEqual(Object.keys(addressesChannels).sort())
  })
})
