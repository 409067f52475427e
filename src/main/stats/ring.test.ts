import { describe, expect, it } from 'vitest'
import { MetricHistory, SampleRing } from './ring.js'

describe('history rings', () => {
  it('keeps a fixed number of points, oldest overwritten, unknown values as null', () => {
    const ring = new SampleRing(3)
    for (let i = 1; i <= 5; i++) ring.push(i * 1000, i % 2 === 0 ? { cpuPercent: i } : { netRxBps: i })
    const series = ring.series('hour', 1)
    expect(series.at).toEqual([3000, 4000, 5000])
    expect(series.values.cpuPercent).toEqual([null, 4, null])
    expect(series.values.netRxBps).toEqual([3, null, 5])
    expect(ring.length).toBe(3)
    expect(ring.series('hour', 1, 4500).at).toEqual([5000])
  })

  it('keeps the last hour per second and the day as minute averages', () => {
    const history = new MetricHistory()
    const start = 1_700_000_000_000 - (1_700_000_000_000 % 60_000)
    // 3 minutes at 1 s: CPU = the minute number × 10
    for (let s = 0; s < 180; s++)
      history.add(start + s * 1000, { cpuPercent: Math.floor(s / 60) * 10 + (s % 2) })
    const now = start + 180_000
    const hour = history.series('hour', now)
    expect(hour.at.length).toBe(180)
    const day = history.series('day', now)
    // the third minute is still open
    expect(day.at).toEqual([start, start + 60_000])
    expect(day.values.cpuPercent[0]).toBeCloseTo(0.5)
    expect(day.values.cpuPercent[1]).toBeCloseTo(10.5)
    expect(history.series('hour', now + 3_600_000).at.length).toBe(0)
  })

  it('never holds more than an hour of seconds', () => {
    const history = new MetricHistory()
    for (let s = 0; s < 4000; s++) history.add(s * 1000, { cpuPercent: 1 })
    expect(history.series('hour', 4_000_000).at.length).toBeLessThanOrEqual(3600)
  })
})
