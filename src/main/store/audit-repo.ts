import type { AuditEntry, AuditOutcome } from '@shared/settings.js'
import type { Db } from './database.js'

export interface AuditRecord {
  hostId: string | null
  target: string
  action: string
  outcome: AuditOutcome
  detail?: string
}

/** Every mutating action, with its outcome. Append-only. */
export class AuditRepo {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  record(entry: AuditRecord): void {
    this.db
      .prepare(
        'INSERT INTO audit_log (at, host_id, target, action, outcome, detail) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(
        this.now().toISOString(),
        entry.hostId,
        entry.target,
        entry.action,
        entry.outcome,
        entry.detail ?? null,
      )
  }

  list(limit: number): AuditEntry[] {
    return this.db
      .prepare(
        'SELECT id, at, host_id AS hostId, target, action, outcome, detail FROM audit_log ORDER BY id DESC LIMIT ?',
      )
      .all(limit) as AuditEntry[]
  }
}
