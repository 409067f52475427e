import { describe, expect, expectTypeOf, it } from 'vitest'
import type { DomainJob } from '../jobs.js'
import type { OutputOf } from '../contract.js'
import { contract } from '../contract.js'
import { jobsChannels } from './jobs.js'

/** The jobs channels pinned, one test per channel (see ../contract.test.ts). */

const PINNED = new Set<string>()
function pin(channel: keyof typeof jobsChannels): void {
  PINNED.add(channel)
}

describe('the jobs channels, one at a time', () => {
  it('jobs.info', () => {
    pin('jobs.info')
    expectTypeOf<OutputOf<'jobs.info'>>().toEqualTypeOf<DomainJob>()
    expect(contract['jobs.info'].streaming).toBe(false)
  })
  it('jobs.abort', () => {
    pin('jobs.abort')
    expectTypeOf<OutputOf<'jobs.abort'>>().toEqualTypeOf<{ aborted: true }>()
    expect(contract['jobs.abort'].streaming).toBe(false)
  })

  it('every jobs channel is pinned above', () => {
    expect([...PINNED].sort()).toEqual(Object.keys(jobsChannels).sort())
  })
})
