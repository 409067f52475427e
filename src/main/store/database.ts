import Database from 'better-sqlite3'
import { existsSync } from 'node:fs'
import { AppError } from '@shared/errors.js'
import { LATEST_VERSION, MIGRATIONS } from './migrations.js'
import type { Migration } from './migrations.js'
import { createPrivateFile, tightenFiles } from './private-files.js'

export type Db = Database.Database

function corrupt(path: string, cause: unknown): AppError {
  const reason = cause instanceof Error ? cause.message : String(cause)
  return new AppError('STORE_CORRUPT', `The profile database at ${path} is damaged and was not changed.`, {
    detail: `SQLite said: ${reason}\nMove the file aside (keep it: it holds your host profiles and history) and start VirtDeck again to create a new one, or restore a backup of it.`,
    cause,
  })
}

/**
 * Opens (creating if needed) the profile database and brings it to the latest schema.
 * A damaged file or one written by a newer VirtDeck is refused and left untouched.
 */
export function openDatabase(path: string, migrations: readonly Migration[] = MIGRATIONS): Db {
  const existed = path !== ':memory:' && existsSync(path)
  let db: Db
  try {
    if (path !== ':memory:' && !existed) createPrivateFile(path)
    db = new Database(path, { fileMustExist: existed })
  } catch (error) {
    throw corrupt(path, error)
  }
  try {
    // Reading the header first: a file that is not a database fails here, before anything is written.
    const version = db.pragma('user_version', { simple: true }) as number
    const latest = migrations[migrations.length - 1]?.version ?? 0
    if (version > latest) {
      throw new AppError(
        'STORE_TOO_NEW',
        `The profile database at ${path} was written by a newer VirtDeck.`,
        {
          detail: `Its schema is version ${version}; this VirtDeck knows up to version ${latest}. Update VirtDeck, or move the file aside to start with an empty profile. The file was not changed.`,
        },
      )
    }
    if (existed) {
      const check = db.pragma('quick_check', { simple: true }) as string
      if (check !== 'ok') throw corrupt(path, new Error(check))
    }
    db.pragma('journal_mode = WAL')
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    migrate(db, version, migrations)
    if (path !== ':memory:') tightenFiles([path, `${path}-wal`, `${path}-shm`])
    return db
  } catch (error) {
    db.close()
    if (error instanceof AppError) throw error
    throw corrupt(path, error)
  }
}

function migrate(db: Db, from: number, migrations: readonly Migration[]): void {
  for (const migration of migrations) {
    if (migration.version <= from) continue
    const apply = db.transaction(() => {
      db.exec(migration.sql)
      db.pragma(`user_version = ${migration.version}`)
    })
    try {
      apply()
    } catch (error) {
      throw new AppError(
        'STORE_CORRUPT',
        `Could not upgrade the profile database to version ${migration.version} (${migration.name}).`,
        {
          detail: `Nothing of this step was applied. SQLite said: ${error instanceof Error ? error.message : String(error)}`,
          cause: error,
        },
      )
    }
  }
}

export { LATEST_VERSION }
