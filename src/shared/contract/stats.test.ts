import { describe, expect, expectTypeOf, it } from 'vitest'
import type { StatsHistory } from '../stats.js'
import type { OutputOf } from '../contract.js'
import { contract } from '../contract.js'
import { statsChannels } from './stats.js'

/** The stats channels pinned, one test per channel (see ../contract.test.ts). */

const PINNED = new Set<string>()
function pin(channel: keyof typeof statsChannels): void {
  PINNED.add(channel)
}

describe('the stats channels, one at a time', () => {
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

  it('every stats channel is pinned above', () => {
    expect([...PINNED].sort()).toEqual(Object.keys(statsChannels).sort())
  })
})
