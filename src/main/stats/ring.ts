import type { StatsMetric, StatsRange, StatsSeries, VmSample } from '@shared/stats.js'
import { STATS_METRICS } from '@shared/stats.js'

const WIDTH = STATS_METRICS.length

/**
 * A fixed-size history of samples: timestamps and every metric in typed arrays allocated once
 * (NaN = unknown), the oldest overwritten. 3600 points cost 3600 × (8 + 9 × 4) bytes ≈ 155 KiB.
 */
export class SampleRing {
  private readonly at: Float64Array
  private readonly values: Float32Array
  private next = 0
  private size = 0

  constructor(readonly capacity: number) {
    this.at = new Float64Array(capacity)
    this.values = new Float32Array(capacity * WIDTH).fill(Number.NaN)
  }

  get length(): number {
    return this.size
  }

  push(at: number, sample: VmSample): void {
    const i = this.next
    this.at[i] = at
    for (let m = 0; m < WIDTH; m++) {
      const value = sample[STATS_METRICS[m] as StatsMetric]
      this.values[i * WIDTH + m] = value ?? Number.NaN
    }
    this.next = (i + 1) % this.capacity
    this.size = Math.min(this.size + 1, this.capacity)
  }

  /** The time of the newest point, or undefined when empty. */
  lastAt(): number | undefined {
    return this.size === 0 ? undefined : this.at[(this.next - 1 + this.capacity) % this.capacity]
  }

  /** Points oldest first, those at or after `since` (epoch ms). */
  series(range: StatsRange, stepSeconds: number, since = 0): StatsSeries {
    const at: number[] = []
    const values = Object.fromEntries(STATS_METRICS.map((m) => [m, [] as (number | null)[]])) as Record<
      StatsMetric,
      (number | null)[]
    >
    const start = (this.next - this.size + this.capacity) % this.capacity
    for (let k = 0; k < this.size; k++) {
      const i = (start + k) % this.capacity
      const t = this.at[i] ?? 0
      if (t < since) continue
      at.push(t)
      for (let m = 0; m < WIDTH; m++) {
        const v = this.values[i * WIDTH + m] ?? Number.NaN
        values[STATS_METRICS[m] as StatsMetric].push(Number.isNaN(v) ? null : v)
      }
    }
    return { range, stepSeconds, at, values }
  }
}

/** Averages the samples of one minute (per metric, over the samples that had it). */
export class MinuteAverage {
  private minute: number | undefined
  private readonly sums = new Float64Array(WIDTH)
  private readonly counts = new Uint32Array(WIDTH)

  /** Adds a sample; returns the finished previous minute's average (stamped at its start) when a new minute began. */
  add(at: number, sample: VmSample): { at: number; sample: VmSample } | undefined {
    const minute = Math.floor(at / 60_000)
    const done = this.minute !== undefined && minute !== this.minute ? this.flush() : undefined
    this.minute = minute
    for (let m = 0; m < WIDTH; m++) {
      const value = sample[STATS_METRICS[m] as StatsMetric]
      if (value === undefined) continue
      this.sums[m] = (this.sums[m] ?? 0) + value
      this.counts[m] = (this.counts[m] ?? 0) + 1
    }
    return done
  }

  private flush(): { at: number; sample: VmSample } {
    const sample: VmSample = {}
    for (let m = 0; m < WIDTH; m++) {
      const count = this.counts[m] ?? 0
      if (count > 0) sample[STATS_METRICS[m] as StatsMetric] = (this.sums[m] ?? 0) / count
    }
    this.sums.fill(0)
    this.counts.fill(0)
    return { at: (this.minute ?? 0) * 60_000, sample }
  }
}

export const HOUR_POINTS = 3600
export const DAY_POINTS = 1440

/** One thing's history: the last hour at the sampling interval, the last day in minute averages. */
export class MetricHistory {
  private readonly seconds = new SampleRing(HOUR_POINTS)
  private readonly minutes = new SampleRing(DAY_POINTS)
  private readonly minute = new MinuteAverage()

  add(at: number, sample: VmSample): void {
    this.seconds.push(at, sample)
    const done = this.minute.add(at, sample)
    if (done !== undefined) this.minutes.push(done.at, done.sample)
  }

  lastAt(): number | undefined {
    return this.seconds.lastAt()
  }

  series(range: StatsRange, now: number): StatsSeries {
    return range === 'hour'
      ? this.seconds.series('hour', 1, now - 3_600_000)
      : this.minutes.series('day', 60, now - 86_400_000)
  }
}
