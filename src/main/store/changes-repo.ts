import type { AppliedChange, ChangePlan } from '../../shared/nested.js'
import { AppError } from '../../shared/errors.js'
import type { Db } from './database.js'

/**
 * Privileged changes applied to hosts (nested virtualization today; tuning and passthrough later),
 * with the backups each one made: what Undo needs, kept across restarts. The `plan` column holds
 * the previewed plan and the applied change as JSON; the backups are also rows of their own so that
 * they can be listed and found without reading the JSON.
 */

export interface StoredChange {
  id: string
  hostId: string
  /** The feature area that made the change, e.g. `nested`. */
  feature: string
  summary: string
  appliedAt: string
  undoneAt: string | null
  plan: ChangePlan
  applied: AppliedChange
}

export interface NewChange {
  feature: string
  summary: string
  plan: ChangePlan
  applied: AppliedChange
}

interface Row {
  id: string
  host_id: string
  feature: string
  summary: string
  plan: string
  applied_at: string
  undone_at: string | null
}

interface StoredJson {
  plan: ChangePlan
  applied: AppliedChange
}

function isStoredJson(value: unknown): value is StoredJson {
  if (typeof value !== 'object' || value === null) return false
  const { plan, applied } = value as { plan?: unknown; applied?: unknown }
  if (typeof plan !== 'object' || plan === null || typeof applied !== 'object' || applied === null)
    return false
  const a = applied as Partial<AppliedChange>
  return (
    typeof a.id === 'string' &&
    typeof a.hostId === 'string' &&
    Array.isArray(a.backups) &&
    Array.isArray(a.commands)
  )
}

function fromRow(row: Row): StoredChange {
  let parsed: unknown
  try {
    parsed = JSON.parse(row.plan)
  } catch {
    parsed = undefined
  }
  if (!isStoredJson(parsed)) {
    throw new AppError(
      'STORE_CORRUPT',
      `The record of change ${row.id} is damaged; it cannot be undone from VirtDeck.`,
      {
        detail: 'Restore the files by hand from the backups under /var/lib/virtdeck/backups on the host.',
      },
    )
  }
  return {
    id: row.id,
    hostId: row.host_id,
    feature: row.feature,
    summary: row.summary,
    appliedAt: row.applied_at,
    undoneAt: row.undone_at,
    plan: parsed.plan,
    applied: parsed.applied,
  }
}

const COLUMNS = 'id, host_id, feature, summary, plan, applied_at, undone_at'

export class ChangesRepo {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Keeps an applied change and its backups, in one transaction. */
  record(change: NewChange): StoredChange {
    const { applied } = change
    const insertChange = this.db.prepare(
      'INSERT INTO host_changes (id, host_id, feature, summary, plan, applied_at, undone_at) VALUES (?, ?, ?, ?, ?, ?, NULL)',
    )
    const insertBackup = this.db.prepare(
      'INSERT INTO host_change_backups (change_id, path, backup_path, existed_before) VALUES (?, ?, ?, ?)',
    )
    this.db.transaction(() => {
      insertChange.run(
        applied.id,
        applied.hostId,
        change.feature,
        change.summary,
        JSON.stringify({ plan: change.plan, applied } satisfies StoredJson),
        applied.appliedAt,
      )
      for (const backup of applied.backups)
        insertBackup.run(applied.id, backup.path, backup.backupPath, backup.existedBefore ? 1 : 0)
    })()
    const stored = this.get(applied.id)
    if (stored === undefined) throw new AppError('INTERNAL', `Change ${applied.id} was not saved.`)
    return stored
  }

  get(id: string): StoredChange | undefined {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM host_changes WHERE id = ?`).get(id) as Row | undefined
    return row === undefined ? undefined : fromRow(row)
  }

  /** A host's changes, newest first; damaged records are left out (get() reports them). */
  list(hostId: string, feature?: string): StoredChange[] {
    const rows = (
      feature === undefined
        ? this.db
            .prepare(
              `SELECT ${COLUMNS} FROM host_changes WHERE host_id = ? ORDER BY applied_at DESC, rowid DESC`,
            )
            .all(hostId)
        : this.db
            .prepare(
              `SELECT ${COLUMNS} FROM host_changes WHERE host_id = ? AND feature = ? ORDER BY applied_at DESC, rowid DESC`,
            )
            .all(hostId, feature)
    ) as Row[]
    const changes: StoredChange[] = []
    for (const row of rows) {
      try {
        changes.push(fromRow(row))
      } catch {
        // Shown nowhere rather than breaking the whole list.
      }
    }
    return changes
  }

  /** The backups of a change as the table lists them. */
  backups(changeId: string): { path: string; backupPath: string | null; existedBefore: boolean }[] {
    const rows = this.db
      .prepare(
        'SELECT path, backup_path AS backupPath, existed_before AS existedBefore FROM host_change_backups WHERE change_id = ? ORDER BY path',
      )
      .all(changeId) as { path: string; backupPath: string | null; existedBefore: number }[]
    return rows.map((row) => ({ ...row, existedBefore: row.existedBefore === 1 }))
  }

  markUndone(id: string): void {
    this.db
      .prepare('UPDATE host_changes SET undone_at = ? WHERE id = ? AND undone_at IS NULL')
      .run(this.now().toISOString(), id)
  }
}
