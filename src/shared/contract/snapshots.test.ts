import { describe, expect, expectTypeOf, it } from 'vitest'
import type {
  SnapshotCreateResult,
  SnapshotDeleteResult,
  SnapshotRevertResult,
  SnapshotTree,
} from '../snapshots.js'
import type { OutputOf } from '../contract.js'
import { contract } from '../contract.js'
import { snapshotsChannels } from './snapshots.js'

/** The snapshots channels pinned, one test per channel (see ../contract.test.ts). */

const PINNED = new Set<string>()
function pin(channel: keyof typeof snapshotsChannels): void {
  PINNED.add(channel)
}

describe('the snapshots channels, one at a time', () => {
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

  it('every snapshots channel is pinned above', () => {
    expect([...PINNED].sort()).toEqual(Object.keys(snapshotsChannels).sort())
  })
})
