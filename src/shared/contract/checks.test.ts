import { describe, expect, expectTypeOf, it } from 'vitest'
import type { DoctorRun } from '../checks.js'
import type { OutputOf } from '../contract.js'
import { contract } from '../contract.js'
import { checksChannels } from './checks.js'

/** The checks channels pinned, one test per channel (see ../contract.test.ts). */

const PINNED = new Set<string>()
function pin(channel: keyof typeof checksChannels): void {
  PINNED.add(channel)
}

describe('the checks channels, one at a time', () => {
  it('checks.run', () => {
    pin('checks.run')
    expectTypeOf<OutputOf<'checks.run'>>().toEqualTypeOf<DoctorRun>()
    expect(contract['checks.run'].streaming).toBe(true)
  })

  it('every checks channel is pinned above', () => {
    expect([...PINNED].sort()).toEqual(Object.keys(checksChannels).sort())
  })
})
