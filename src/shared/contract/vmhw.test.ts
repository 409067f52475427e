import { describe, expect, expectTypeOf, it } from 'vitest'
import type { HardwareView, HostDevice, HwApplyResult, HwPreview, HwResizeResult } from '../vm-hardware.js'
import type { OutputOf } from '../contract.js'
import { contract } from '../contract.js'
import { vmhwChannels } from './vmhw.js'

/** The vmhw channels pinned, one test per channel (see ../contract.test.ts). */

const PINNED = new Set<string>()
function pin(channel: keyof typeof vmhwChannels): void {
  PINNED.add(channel)
}

describe('the vmhw channels, one at a time', () => {
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

  it('every vmhw channel is pinned above', () => {
    expect([...PINNED].sort()).toEqual(Object.keys(vmhwChannels).sort())
  })
})
