import { describe, expect, expectTypeOf, it } from 'vitest'
import type { VmCloneResult } from '../vm-clone.js'
import type { OutputOf } from '../contract.js'
import { contract } from '../contract.js'
import { cloneChannels } from './clone.js'

/** The clone channels pinned, one test per channel (see ../contract.test.ts). */

const PINNED = new Set<string>()
function pin(channel: keyof typeof cloneChannels): void {
  PINNED.add(channel)
}

describe('the clone channels, one at a time', () => {
  it('vms.clone', () => {
    pin('vms.clone')
    expectTypeOf<OutputOf<'vms.clone'>>().toEqualTypeOf<VmCloneResult>()
    expect(contract['vms.clone'].streaming).toBe(true)
  })

  it('every clone channel is pinned above', () => {
    expect([...PINNED].sort()).toEqual(Object.keys(cloneChannels).sort())
  })
})
