import { describe, expect, expectTypeOf, it } from 'vitest'
import type { HostChangeRecord, UndoSummary } from '../changes.js'
import type { OutputOf } from '../contract.js'
import { contract } from '../contract.js'
import { changesChannels } from './changes.js'

/** The changes channels pinned, one test per channel (see ../contract.test.ts). */

const PINNED = new Set<string>()
function pin(channel: keyof typeof changesChannels): void {
  PINNED.add(channel)
}

describe('the changes channels, one at a time', () => {
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

  it('every changes channel is pinned above', () => {
    expect([...PINNED].sort()).toEqual(Object.keys(changesChannels).sort())
  })
})
