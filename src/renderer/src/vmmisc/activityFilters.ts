import type { AuditQuery } from '@shared/audit.js'
import type { AuditOutcome } from '@shared/settings.js'

export const PERIODS = [
  { value: 'any', label: 'Any time', ms: undefined },
  { value: '1h', label: 'Last hour', ms: 3_600_000 },
  { value: '24h', label: 'Last 24 hours', ms: 86_400_000 },
  { value: '7d', label: 'Last 7 days', ms: 7 * 86_400_000 },
  { value: '30d', label: 'Last 30 days', ms: 30 * 86_400_000 },
] as const
export type Period = (typeof PERIODS)[number]['value']

/** What the Activity page's filter fields hold ('' = no filter). */
export interface ActivityFilters {
  hostId: string
  target: string
  action: string
  outcome: '' | AuditOutcome
  period: Period
  text: string
}

export const NO_FILTERS: ActivityFilters = {
  hostId: '',
  target: '',
  action: '',
  outcome: '',
  period: 'any',
  text: '',
}

/** The query for one page; `now` rounded to the minute so the query key (and the cache) stays put while typing. */
export function toQuery(f: ActivityFilters, page: number, pageSize: number, now: number): AuditQuery {
  const ms = PERIODS.find((p) => p.value === f.period)?.ms
  const minute = Math.floor(now / 60_000) * 60_000
  const text = f.text.trim()
  return {
    limit: pageSize,
    offset: (page - 1) * pageSize,
    ...(f.hostId === '' ? {} : { hostId: f.hostId }),
    ...(f.target === '' ? {} : { target: f.target }),
    ...(f.action === '' ? {} : { action: f.action }),
    ...(f.outcome === '' ? {} : { outcome: f.outcome }),
    ...(ms === undefined ? {} : { since: new Date(minute - ms).toISOString() }),
    ...(text === '' ? {} : { text }),
  }
}

/** The action families ("domain.", "pool.") before the actions themselves, for the Action filter. */
export function actionOptions(actions: readonly string[]): { value: string; label: string }[] {
  const families = [...new Set(actions.map((a) => a.split('.')[0] ?? a))].sort()
  return [
    ...families.map((f) => ({ value: `${f}.`, label: `${f}.* (every ${f} action)` })),
    ...[...actions].sort().map((a) => ({ value: a, label: a })),
  ]
}
