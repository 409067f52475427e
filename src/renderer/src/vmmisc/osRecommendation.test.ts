import { describe, expect, it } from 'vitest'
import { recommendationText } from './OsPicker'
import { recommendedPatch } from './osRecommendation'

describe('the OS recommendation in the wizard', () => {
  it('sets what libosinfo says and leaves the rest', () => {
    const rec = { shortId: 'debian11', id: 'http://debian.org/debian/11', name: 'Debian 11', source: 'x' }
    expect(
      recommendedPatch({ ...rec, memoryMiB: 1024, diskGiB: 20, diskBus: 'virtio', nicModel: 'virtio' }),
    ).toEqual({
      memoryMiB: 1024,
      diskSizeGiB: 20,
      diskBus: 'virtio',
      nicModel: 'virtio',
    })
    expect(recommendedPatch({ ...rec, diskBus: 'ide' })).toEqual({})
    expect(recommendedPatch({ ...rec, vcpus: 1 })).toEqual({})
    expect(recommendedPatch({ ...rec, vcpus: 2 })).toEqual({ vcpus: 2 })
    expect(recommendationText({ ...rec, memoryMiB: 1024 })).toBe(
      'Set as recommended for Debian 11: 1024 MiB memory. Change them on the next steps.',
    )
  })
})
