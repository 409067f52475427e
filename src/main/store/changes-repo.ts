import type { AppliedChange, ChangePlanBase, Verification } from '@shared/changes.js'
import { AppError } from '@shared/errors.js'
import type { Db } from './database.js'

/**
 * Changes applied to hosts through the change engine (nested virtualization, tuning, passthrough,
 * …), with the backups each one made: what Undo needs, kept across restarts. The `plan` column
 * holds the previewed plan and the applied change as JSON (domain XML left out: it may hold
 * console passwords, and the XML history keeps the previous definitions); the backups are also
 * rows of their own so that they can be listed and found without reading the JSON.
 */

export interface StoredChange<
  P extends ChangePlanBase = ChangePlanBase,
  A extends AppliedChange = AppliedChange,
> {
  id: string
  hostId: string
  /** The capability that made the change, e.g. `nested`. */
  feature: string
  summary: string
  appliedAt: string
  undoneAt: string | null
  plan: P
  applied: A
  verification: Verification | null
}

export interface NewChange {
  feature: string
  summary: string
  plan: ChangePlanBase
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
  verification: string | null
}

interface StoredJson {
  plan: ChangePlanBase
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

function parseVerification(text: string | null): Verification | null {
  if (text === null) return null
  try {
    const value = JSON.parse(text) as Partial<Verification>
    return typeof value.status === 'string' && Array.isArray(value.checks) ? (value as Verification) : null
  } catch {
    return null
  }
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
    verification: parseVerification(row.verification) ?? parsed.applied.verification ?? null,
  }
}

/** The plan as stored: domain definitions reduced to their diff (the XML history holds the previous ones). */
function storablePlan(plan: ChangePlanBase): ChangePlanBase {
  if (plan.domains === undefined) return plan
  return {
    ...plan,
    domains: plan.domains.map((edit) => ({ ...edit, before: '', after: '' })),
  }
}

const COLUMNS = 'id, host_id, feature, summary, plan, applied_at, undone_at, verification'

export class ChangesRepo {
  private readonly writeListeners = new Set<() => void>()

  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Called after every write of this process (a change recorded, verified again, undone). */
  onWrite(listener: () => void): () => void {
    this.writeListeners.add(listener)
    return () => this.writeListeners.delete(listener)
  }

  private written(): void {
    for (const listener of this.writeListeners) listener()
  }

  /** Keeps an applied change and its backups, in one transaction. */
  record(change: NewChange): StoredChange {
    const { applied } = change
    const insertChange = this.db.prepare(
      'INSERT INTO host_changes (id, host_id, feature, summary, plan, applied_at, undone_at, verification) VALUES (?, ?, ?, ?, ?, ?, NULL, ?)',
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
        JSON.stringify({ plan: storablePlan(change.plan), applied } satisfies StoredJson),
        applied.appliedAt,
        applied.verification === undefined ? null : JSON.stringify(applied.verification),
      )
      for (const backup of applied.backups)
        insertBackup.run(applied.id, backup.path, backup.backupPath, backup.existedBefore ? 1 : 0)
    })()
    const stored = this.get(applied.id)
    if (stored === undefined) throw new AppError('INTERNAL', `Change ${applied.id} was not saved.`)
    this.written()
    return stored
  }

  get(id: string): StoredChange | undefined {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM host_changes WHERE id = ?`).get(id) as Row | undefined
    return row === undefined ? undefined : fromRow(row)
  }

  /** A host's changes (or every host's), newest first; damaged records are left out (get() reports them). */
  list(hostId?: string, feature?: string): StoredChange[] {
    const where: string[] = []
    const params: string[] = []
    if (hostId !== undefined) {
      where.push('host_id = ?')
      params.push(hostId)
    }
    if (feature !== undefined) {
      where.push('feature = ?')
      params.push(feature)
    }
    const rows = this.db
      .prepare(
        `SELECT ${COLUMNS} FROM host_changes ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY applied_at DESC, rowid DESC`,
      )
      .all(...params) as Row[]
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

  setVerification(id: string, verification: Verification): void {
    this.db
      .prepare('UPDATE host_changes SET verification = ? WHERE id = ?')
      .run(JSON.stringify(verification), id)
    this.written()
  }

  markUndone(id: string): void {
    this.db
      .prepare('UPDATE host_changes SET undone_at = ? WHERE id = ? AND undone_at IS NULL')
      .run(this.now().toISOString(), id)
    this.written()
  }
}
