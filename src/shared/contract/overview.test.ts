import { describe, expect, expectTypeOf, it } from 'vitest'
import type { HostOverview, OverviewAll } from '../overview.js'
import type { OutputOf } from '../contract.js'
import { contract } from '../contract.js'
import { overviewChannels } from './overview.js'

/** The overview channels pinned, one test per channel (see ../contract.test.ts). */

const PINNED = new Set<string>()
function pin(channel: keyof typeof overviewChannels): void {
  PINNED.add(channel)
}

describe('the overview channels, one at a time', () => {
  it('overview.host', () => {
    pin('overview.host')
    expectTypeOf<OutputOf<'overview.host'>>().toEqualTypeOf<HostOverview>()
    expect(contract['overview.host'].streaming).toBe(false)
  })
  it('overview.all', () => {
    pin('overview.all')
    expectTypeOf<OutputOf<'overview.all'>>().toEqualTypeOf<OverviewAll>()
    expect(contract['overview.all'].streaming).toBe(false)
  })

  it('every overview channel is pinned above', () => {
    expect([...PINNED].sort()).toEqual(Object.keys(overviewChannels).sort())
  })
})
