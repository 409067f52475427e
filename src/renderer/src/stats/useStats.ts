import { useEffect, useState } from 'react'
import type { StatsMetric, StatsRange, StatsRound, StatsSeries, VmSample } from '@shared/stats.js'
import { STATS_METRICS } from '@shared/stats.js'
import { invoke, subscribe } from '../api/virtdeck'

/**
 * Keeps the host sampled while the component is mounted: one `stats.watch` per mounted hook (main
 * counts them and samples the host once), cancelled on unmount. Main ends the watch when the host
 * disconnects; it is opened again when the host is connected again.
 */
export function useStatsWatch(hostId: string, enabled = true): void {
  const [connections, setConnections] = useState(0)
  useEffect(
    () =>
      subscribe('host.state', (e) => {
        if (e.hostId === hostId && e.state.status === 'connected') setConnections((n) => n + 1)
      }),
    [hostId],
  )
  useEffect(() => {
    if (!enabled) return undefined
    const controller = new AbortController()
    invoke('stats.watch', { hostId }, { signal: controller.signal }).catch(() => undefined)
    return () => controller.abort()
  }, [hostId, enabled, connections])
}

/** Which series of a host's rounds: one VM's, the host's own (CPU, memory), or the sum over its VMs. */
export type StatsSubject = { vm: string } | { host: 'own' | 'vmTotals' }

function pick(round: StatsRound, subject: StatsSubject): VmSample | undefined {
  if ('vm' in subject) return round.vms[subject.vm]
  if (subject.host === 'vmTotals') return round.host.vms
  const { cpuPercent, memUsedBytes, memTotalBytes } = round.host
  return {
    ...(cpuPercent === undefined ? {} : { cpuPercent }),
    ...(memUsedBytes === undefined ? {} : { memUsedBytes }),
    ...(memTotalBytes === undefined ? {} : { memTotalBytes }),
  }
}

function emptySeries(range: StatsRange): StatsSeries {
  const values = Object.fromEntries(STATS_METRICS.map((m) => [m, []])) as unknown as Record<
    StatsMetric,
    (number | null)[]
  >
  return { range, stepSeconds: range === 'hour' ? 1 : 60, at: [], values }
}

function append(series: StatsSeries, at: number, sample: VmSample | undefined): void {
  series.at.push(at)
  for (const m of STATS_METRICS) series.values[m].push(sample?.[m] ?? null)
  const cutoff = at - 3_600_000
  let drop = 0
  while (drop < series.at.length && (series.at[drop] ?? 0) < cutoff) drop++
  if (drop > 0) {
    series.at.splice(0, drop)
    for (const m of STATS_METRICS) series.values[m].splice(0, drop)
  }
}

export interface LiveSeries {
  series: StatsSeries
  /** Bumped on every change (the series is mutated in place: 3600 points are not copied each second). */
  version: number
  loading: boolean
  error: string | undefined
}

/**
 * A subject's history from main, kept current: for the hour, every round of the host is appended
 * as it arrives; for the day (minute averages), the history is fetched again each minute.
 */
export function useStatsSeries(hostId: string, subject: StatsSubject, range: StatsRange): LiveSeries {
  const key = `${hostId}|${'vm' in subject ? `vm:${subject.vm}` : `host:${subject.host}`}|${range}`
  const [state, setState] = useState<LiveSeries & { key: string }>(() => ({
    key,
    series: emptySeries(range),
    version: 0,
    loading: true,
    error: undefined,
  }))

  useEffect(() => {
    let alive = true
    const pending: StatsRound[] = []
    let current: StatsSeries | undefined
    const load = (): void => {
      invoke('stats.history', { hostId, range, ...('vm' in subject ? { vm: subject.vm } : {}) })
        .then((history) => {
          if (!alive) return
          const base = 'host' in subject && subject.host === 'vmTotals' ? history.vmTotals : history.series
          const series = base ?? emptySeries(range)
          const last = series.at.at(-1) ?? 0
          for (const r of pending) if (r.at > last) append(series, r.at, pick(r, subject))
          pending.length = 0
          current = series
          setState((s) => ({ key, series, version: s.version + 1, loading: false, error: undefined }))
        })
        .catch((error: unknown) => {
          if (alive) setState((s) => ({ ...s, key, loading: false, error: String(error) }))
        })
    }
    load()
    const off =
      range === 'hour'
        ? subscribe('stats.sample', ({ hostId: from, round }) => {
            if (from !== hostId) return
            if (current === undefined) {
              pending.push(round)
              return
            }
            // Mutated in place: 3600 points are not copied every second; `version` tells the chart.
            append(current, round.at, pick(round, subject))
            setState((s) => ({ ...s, version: s.version + 1 }))
          })
        : undefined
    const timer = range === 'day' ? setInterval(load, 60_000) : undefined
    return () => {
      alive = false
      off?.()
      if (timer !== undefined) clearInterval(timer)
    }
    // `subject` is identified by `key`
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key])

  if (state.key !== key)
    return { series: emptySeries(range), version: state.version, loading: true, error: undefined }
  return { series: state.series, version: state.version, loading: state.loading, error: state.error }
}

/** The newest known value of a metric in a series. */
export function latest(series: StatsSeries, metric: StatsMetric): number | undefined {
  const values = series.values[metric]
  for (let i = values.length - 1; i >= 0; i--) {
    const v = values[i]
    if (v !== null && v !== undefined) return v
  }
  return undefined
}
