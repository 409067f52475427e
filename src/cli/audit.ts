import { parseArgs } from 'node:util'
import type { AuditQuery } from '@shared/audit.js'
import { AppError } from '@shared/errors.js'
import { AUDIT_OUTCOMES } from '@shared/settings.js'
import type { AuditOutcome } from '@shared/settings.js'
import type { App } from '../main/app.js'
import { call } from './hosts.js'
import type { Output } from './output.js'
import { table } from './output.js'

export const USAGE = `usage:
  virtdeck audit list [--host NAME] [--vm NAME] [--action ACTION] [--outcome ok|failed|cancelled]
                      [--since TIME] [--until TIME] [--search TEXT] [--limit N] [--page N] [--json]

Every action VirtDeck took (or tried), newest first. --action domain.start matches that action;
--action domain. (ending in a dot) matches every domain action. TIME is an ISO date or time
(2026-12-06, 2026-12-06T10:00) or a duration back from now (30m, 2h, 7d). --vm is the exact name
the action was on. --limit is the page size (default 50), --page the page (from 1).`

/** "2h" → two hours ago; otherwise an ISO date/time (local time when it has no zone). */
export function parseWhen(text: string, now = new Date()): string {
  const ago = /^(\d+)\s*([smhd])$/.exec(text.trim())
  if (ago?.[1] !== undefined && ago[2] !== undefined) {
    const unit = { s: 1, m: 60, h: 3600, d: 86_400 }[ago[2] as 's' | 'm' | 'h' | 'd']
    return new Date(now.getTime() - Number(ago[1]) * unit * 1000).toISOString()
  }
  const date = new Date(text)
  if (Number.isNaN(date.getTime()))
    throw new AppError('INVALID_INPUT', `Not a time: ${text}`, {
      detail: 'Give an ISO date or time (2026-12-06, 2026-12-06T10:00) or a duration such as 30m, 2h, 7d.',
    })
  return date.toISOString()
}

function positive(text: string | undefined, what: string, fallback: number): number {
  if (text === undefined) return fallback
  const n = Number(text)
  if (!Number.isInteger(n) || n < 1)
    throw new AppError('INVALID_INPUT', `${what} must be a whole number from 1`)
  return n
}

export async function auditCommand(app: App, argv: string[], out: Output): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      host: { type: 'string' },
      vm: { type: 'string' },
      action: { type: 'string' },
      outcome: { type: 'string' },
      since: { type: 'string' },
      until: { type: 'string' },
      search: { type: 'string' },
      limit: { type: 'string' },
      page: { type: 'string' },
      json: { type: 'boolean' },
    },
  })
  if (positionals[0] !== 'list')
    throw new AppError('INVALID_INPUT', `audit: unknown subcommand ${positionals[0] ?? '(none)'}`, {
      detail: USAGE,
    })
  const outcome = values.outcome
  if (outcome !== undefined && !(AUDIT_OUTCOMES as readonly string[]).includes(outcome))
    throw new AppError('INVALID_INPUT', `--outcome is one of ${AUDIT_OUTCOMES.join(', ')}`)
  const limit = positive(values.limit, '--limit', 50)
  const page = positive(values.page, '--page', 1)
  const hostId = values.host === undefined ? undefined : app.hosts.resolve(values.host).id
  const query: AuditQuery = {
    limit,
    offset: (page - 1) * limit,
    ...(hostId === undefined ? {} : { hostId }),
    ...(values.vm === undefined ? {} : { target: values.vm }),
    ...(values.action === undefined ? {} : { action: values.action }),
    ...(outcome === undefined ? {} : { outcome: outcome as AuditOutcome }),
    ...(values.since === undefined ? {} : { since: parseWhen(values.since) }),
    ...(values.until === undefined ? {} : { until: parseWhen(values.until) }),
    ...(values.search === undefined ? {} : { text: values.search }),
  }
  const result = await call(app, 'audit.query', query)
  const names = new Map(app.hosts.list().map((h) => [h.id, h.name]))
  out.result(result, () => {
    if (result.total === 0) return 'No audit entries match.'
    const rows = result.entries.map((e) => [
      new Date(e.at).toLocaleString(),
      e.hostId === null ? '-' : (names.get(e.hostId) ?? e.hostId),
      e.action,
      e.target,
      e.outcome,
      e.detail ?? '',
    ])
    const last = Math.min(result.total, result.offset + result.entries.length)
    return `${table(['WHEN', 'HOST', 'ACTION', 'TARGET', 'OUTCOME', 'DETAIL'], rows)}\n${result.offset + 1}–${last} of ${result.total}${last < result.total ? ` (next: --page ${page + 1})` : ''}`
  })
}
