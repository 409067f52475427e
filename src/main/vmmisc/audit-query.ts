import type { AuditFacets, AuditPage, AuditQueryParsed } from '@shared/audit.js'
import type { AuditEntry } from '@shared/settings.js'
import type { Db } from '../store/database.js'

/** LIKE with the user's text taken literally (% and _ escaped). */
function likeLiteral(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`)
}

function where(q: AuditQueryParsed): { sql: string; params: (string | number)[] } {
  const clauses: string[] = []
  const params: (string | number)[] = []
  if (q.hostId !== undefined) {
    clauses.push('host_id = ?')
    params.push(q.hostId)
  }
  if (q.target !== undefined) {
    clauses.push('target = ?')
    params.push(q.target)
  }
  if (q.action !== undefined) {
    if (q.action.endsWith('.')) {
      clauses.push("action LIKE ? ESCAPE '\\'")
      params.push(`${likeLiteral(q.action)}%`)
    } else {
      clauses.push('action = ?')
      params.push(q.action)
    }
  }
  if (q.outcome !== undefined) {
    clauses.push('outcome = ?')
    params.push(q.outcome)
  }
  // `at` is stored as toISOString() (UTC, Z): compare in the same form.
  if (q.since !== undefined) {
    clauses.push('at >= ?')
    params.push(new Date(q.since).toISOString())
  }
  if (q.until !== undefined) {
    clauses.push('at <= ?')
    params.push(new Date(q.until).toISOString())
  }
  if (q.text !== undefined) {
    clauses.push("(target LIKE ? ESCAPE '\\' OR action LIKE ? ESCAPE '\\' OR detail LIKE ? ESCAPE '\\')")
    const like = `%${likeLiteral(q.text)}%`
    params.push(like, like, like)
  }
  return { sql: clauses.length === 0 ? '' : `WHERE ${clauses.join(' AND ')}`, params }
}

/** Reads the audit log (the `audit_log` table, append-only) with filters and paging, newest first. */
export class AuditQueryRepo {
  constructor(private readonly db: Db) {}

  page(q: AuditQueryParsed): AuditPage {
    const { sql, params } = where(q)
    const total = (
      this.db.prepare(`SELECT COUNT(*) AS n FROM audit_log ${sql}`).get(...params) as { n: number }
    ).n
    const entries = this.db
      .prepare(
        `SELECT id, at, host_id AS hostId, target, action, outcome, detail FROM audit_log ${sql} ORDER BY id DESC LIMIT ? OFFSET ?`,
      )
      .all(...params, q.limit, q.offset) as AuditEntry[]
    return { entries, total, offset: q.offset, limit: q.limit }
  }

  facets(hostId?: string): AuditFacets {
    const filter = hostId === undefined ? '' : 'WHERE host_id = ?'
    const params = hostId === undefined ? [] : [hostId]
    const column = (name: 'action' | 'target'): string[] =>
      (
        this.db
          .prepare(
            `SELECT ${name} AS v FROM audit_log ${filter} GROUP BY ${name} ORDER BY COUNT(*) DESC, ${name} LIMIT 200`,
          )
          .all(...params) as { v: string }[]
      ).map((r) => r.v)
    return { actions: column('action'), targets: column('target') }
  }
}
