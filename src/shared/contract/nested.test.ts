import { describe, expect, expectTypeOf, it } from 'vitest'
import type { HostChangeRecord } from '../changes.js'
import type {
  GuestCpuApplyResult,
  GuestCpuPlan,
  NestedApplyResult,
  NestedPlan,
  NestedStatus,
  NestedUndoResult,
  XenNestedPlan,
} from '../nested.js'
import type { OutputOf } from '../contract.js'
import { contract } from '../contract.js'
import { nestedChannels } from './nested.js'

/** The nested channels pinned, one test per channel (see ../contract.test.ts). */

const PINNED = new Set<string>()
function pin(channel: keyof typeof nestedChannels): void {
  PINNED.add(channel)
}

describe('the nested channels, one at a time', () => {
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

  it('every nested channel is pinned above', () => {
    expect([...PINNED].sort()).toEqual(Object.keys(nestedChannels).sort())
  })
})
