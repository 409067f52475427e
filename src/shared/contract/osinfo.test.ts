import { describe, expect, expectTypeOf, it } from 'vitest'
import type { OsCatalog, OsRecommendation } from '../osinfo.js'
import type { OutputOf } from '../contract.js'
import { contract } from '../contract.js'
import { osinfoChannels } from './osinfo.js'

/** The osinfo channels pinned, one test per channel (see ../contract.test.ts). */

const PINNED = new Set<string>()
function pin(channel: keyof typeof osinfoChannels): void {
  PINNED.add(channel)
}

describe('the osinfo channels, one at a time', () => {
  it('osinfo.catalog', () => {
    pin('osinfo.catalog')
    expectTypeOf<OutputOf<'osinfo.catalog'>>().toEqualTypeOf<OsCatalog>()
    expect(contract['osinfo.catalog'].streaming).toBe(false)
  })
  it('osinfo.recommend', () => {
    pin('osinfo.recommend')
    expectTypeOf<OutputOf<'osinfo.recommend'>>().toEqualTypeOf<OsRecommendation>()
    expect(contract['osinfo.recommend'].streaming).toBe(false)
  })

  it('every osinfo channel is pinned above', () => {
    expect([...PINNED].sort()).toEqual(Object.keys(osinfoChannels).sort())
  })
})
