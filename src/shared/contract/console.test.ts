import { describe, expect, expectTypeOf, it } from 'vitest'
import type { HostChangeRecord } from '../changes.js'
import type { AddVncPlanView, SpiceLaunch } from '../console.js'
import type { OutputOf } from '../contract.js'
import { contract } from '../contract.js'
import { consoleChannels } from './console.js'

/** The console channels pinned, one test per channel (see ../contract.test.ts). */

const PINNED = new Set<string>()
function pin(channel: keyof typeof consoleChannels): void {
  PINNED.add(channel)
}

describe('the console channels, one at a time', () => {
  it('console.spice', () => {
    pin('console.spice')
    expectTypeOf<OutputOf<'console.spice'>>().toEqualTypeOf<SpiceLaunch>()
    expect(contract['console.spice'].streaming).toBe(false)
  })
  it('console.addVncPlan', () => {
    pin('console.addVncPlan')
    expectTypeOf<OutputOf<'console.addVncPlan'>>().toEqualTypeOf<AddVncPlanView>()
    expect(contract['console.addVncPlan'].streaming).toBe(false)
  })
  it('console.addVncApply', () => {
    pin('console.addVncApply')
    expectTypeOf<OutputOf<'console.addVncApply'>>().toEqualTypeOf<HostChangeRecord>()
    expect(contract['console.addVncApply'].streaming).toBe(true)
  })

  it('every console channel is pinned above', () => {
    expect([...PINNED].sort()).toEqual(Object.keys(consoleChannels).sort())
  })
})
