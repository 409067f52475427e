import { describe, expect, expectTypeOf, it } from 'vitest'
import type { VmThumbnail } from '../thumbnails.js'
import type { OutputOf } from '../contract.js'
import { contract } from '../contract.js'
import { thumbnailsChannels } from './thumbnails.js'

/** The thumbnails channels pinned, one test per channel (see ../contract.test.ts). */

const PINNED = new Set<string>()
function pin(channel: keyof typeof thumbnailsChannels): void {
  PINNED.add(channel)
}

describe('the thumbnails channels, one at a time', () => {
  it('thumbnails.get', () => {
    pin('thumbnails.get')
    expectTypeOf<OutputOf<'thumbnails.get'>>().toEqualTypeOf<VmThumbnail>()
    expect(contract['thumbnails.get'].streaming).toBe(false)
  })

  it('every thumbnails channel is pinned above', () => {
    expect([...PINNED].sort()).toEqual(Object.keys(thumbnailsChannels).sort())
  })
})
