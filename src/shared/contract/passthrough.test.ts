import { describe, expect, expectTypeOf, it } from 'vitest'
import type { HostInputDevices } from '../passthrough-inputs.js'
import type { HostChangeRecord } from '../changes.js'
import type { PassthroughPlanPreview } from '../passthrough-change.js'
import type { PassthroughHooksPreview } from '../passthrough-hooks.js'
import type { PassthroughLaunchReport, PassthroughVmPreview } from '../passthrough-vm.js'
import type { PassthroughReport } from '../passthrough.js'
import type { OutputOf } from '../contract.js'
import { contract } from '../contract.js'
import { passthroughChannels } from './passthrough.js'

/** The passthrough channels pinned, one test per channel (see ../contract.test.ts). */

const PINNED = new Set<string>()
function pin(channel: keyof typeof passthroughChannels): void {
  PINNED.add(channel)
}

describe('the passthrough channels, one at a time', () => {
  it('passthrough.plan', () => {
    pin('passthrough.plan')
    expectTypeOf<OutputOf<'passthrough.plan'>>().toEqualTypeOf<PassthroughPlanPreview>()
    expect(contract['passthrough.plan'].streaming).toBe(false)
  })
  it('passthrough.apply', () => {
    pin('passthrough.apply')
    expectTypeOf<OutputOf<'passthrough.apply'>>().toEqualTypeOf<HostChangeRecord>()
    expect(contract['passthrough.apply'].streaming).toBe(true)
  })
  it('passthrough.report', () => {
    pin('passthrough.report')
    expectTypeOf<OutputOf<'passthrough.report'>>().toEqualTypeOf<PassthroughReport>()
    expect(contract['passthrough.report'].streaming).toBe(false)
  })
  it('passthrough.vmPlan', () => {
    pin('passthrough.vmPlan')
    expectTypeOf<OutputOf<'passthrough.vmPlan'>>().toEqualTypeOf<PassthroughVmPreview>()
    expect(contract['passthrough.vmPlan'].streaming).toBe(false)
  })
  it('passthrough.vmApply', () => {
    pin('passthrough.vmApply')
    expectTypeOf<OutputOf<'passthrough.vmApply'>>().toEqualTypeOf<HostChangeRecord>()
    expect(contract['passthrough.vmApply'].streaming).toBe(true)
  })
  it('passthrough.launch', () => {
    pin('passthrough.launch')
    expectTypeOf<OutputOf<'passthrough.launch'>>().toEqualTypeOf<PassthroughLaunchReport>()
    expect(contract['passthrough.launch'].streaming).toBe(true)
  })
  it('passthrough.hooksPlan', () => {
    pin('passthrough.hooksPlan')
    expectTypeOf<OutputOf<'passthrough.hooksPlan'>>().toEqualTypeOf<PassthroughHooksPreview>()
    expect(contract['passthrough.hooksPlan'].streaming).toBe(false)
  })
  it('passthrough.hooksApply', () => {
    pin('passthrough.hooksApply')
    expectTypeOf<OutputOf<'passthrough.hooksApply'>>().toEqualTypeOf<HostChangeRecord>()
    expect(contract['passthrough.hooksApply'].streaming).toBe(true)
  })
  it('passthrough.inputDevices', () => {
    pin('passthrough.inputDevices')
    expectTypeOf<OutputOf<'passthrough.inputDevices'>>().toEqualTypeOf<HostInputDevices>()
    expect(contract['passthrough.inputDevices'].streaming).toBe(false)
  })

  it('every passthrough channel is pinned above', () => {
    expect([...PINNED].sort()).toEqual(Object.keys(passthroughChannels).sort())
  })
})
