import { describe, expect, expectTypeOf, it } from 'vitest'
import type { HostChangeRecord } from '../changes.js'
import type { HostTuningReport, PreallocationMeasurement, TuningPreview, TuningReport } from '../tuning.js'
import type { OutputOf } from '../contract.js'
import { contract } from '../contract.js'
import { tuningChannels } from './tuning.js'

/** The tuning channels pinned, one test per channel (see ../contract.test.ts). */

const PINNED = new Set<string>()
function pin(channel: keyof typeof tuningChannels): void {
  PINNED.add(channel)
}

describe('the tuning channels, one at a time', () => {
  it('tuning.report', () => {
    pin('tuning.report')
    expectTypeOf<OutputOf<'tuning.report'>>().toEqualTypeOf<TuningReport>()
    expect(contract['tuning.report'].streaming).toBe(false)
  })
  it('tuning.hostReport', () => {
    pin('tuning.hostReport')
    expectTypeOf<OutputOf<'tuning.hostReport'>>().toEqualTypeOf<HostTuningReport>()
    expect(contract['tuning.hostReport'].streaming).toBe(true)
  })
  it('tuning.preview', () => {
    pin('tuning.preview')
    expectTypeOf<OutputOf<'tuning.preview'>>().toEqualTypeOf<TuningPreview>()
    expect(contract['tuning.preview'].streaming).toBe(true)
  })
  it('tuning.measure', () => {
    pin('tuning.measure')
    expectTypeOf<OutputOf<'tuning.measure'>>().toEqualTypeOf<PreallocationMeasurement>()
    expect(contract['tuning.measure'].streaming).toBe(true)
  })
  it('tuning.apply', () => {
    pin('tuning.apply')
    expectTypeOf<OutputOf<'tuning.apply'>>().toEqualTypeOf<HostChangeRecord>()
    expect(contract['tuning.apply'].streaming).toBe(true)
  })
  it('tuning.convert', () => {
    pin('tuning.convert')
    expectTypeOf<OutputOf<'tuning.convert'>>().toEqualTypeOf<HostChangeRecord>()
    expect(contract['tuning.convert'].streaming).toBe(true)
  })

  it('every tuning channel is pinned above', () => {
    expect([...PINNED].sort()).toEqual(Object.keys(tuningChannels).sort())
  })
})
