import Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AppError } from '@shared/errors.js'
import { openDatabase } from './database.js'
import { LATEST_VERSION, MIGRATIONS } from './migrations.js'

function tempPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'virtdeck-db-')), 'virtdeck.db')
}
const digest = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex')

function catchError(action: () => unknown): AppError {
  try {
    action()
  } catch (error) {
    if (error instanceof AppError) return error
    throw error
  }
  throw new Error('expected an AppError')
}

describe('profile database', () => {
  it('creates a new database at the latest version, in WAL mode', () => {
    const db = openDatabase(tempPath())
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    const tables = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
        name: string
      }[]
    ).map((t) => t.name)
    expect(tables).toEqual(
      expect.arrayContaining([
        'hosts',
        'known_hosts',
        'settings',
        'secrets',
        'audit_log',
        'xml_history',
        'host_changes',
      ]),
    )
    db.close()
  })

  it.each(MIGRATIONS.slice(0, -1).map((m) => m.version))(
    'upgrades a database of version %i and keeps its data',
    (version) => {
      const path = tempPath()
      const old = openDatabase(
        path,
        MIGRATIONS.filter((m) => m.version <= version),
      )
      old
        .prepare(
          "INSERT INTO hosts (id, name, kind, libvirt_uri, created_at) VALUES ('h1', 'Old host', 'local', 'qemu:///system', 'then')",
        )
        .run()
      expect(old.pragma('user_version', { simple: true })).toBe(version)
      old.close()
      const db = openDatabase(path)
      expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION)
      expect(db.prepare('SELECT name FROM hosts').all()).toEqual([{ name: 'Old host' }])
      db.close()
    },
  )

  it('refuses a file that is not a database and leaves it untouched', () => {
    const path = tempPath()
    writeFileSync(path, 'this is not sqlite, but it is the user’s file'.repeat(200))
    const before = digest(path)
    const error = catchError(() => openDatabase(path))
    expect(error.code).toBe('STORE_CORRUPT')
    expect(error.message).toContain(path)
    expect(error.detail).toMatch(/Move the file aside/)
    expect(digest(path)).toBe(before)
  })

  it('refuses a database written by a newer VirtDeck and leaves it untouched', () => {
    const path = tempPath()
    const newer = new Database(path)
    newer.exec('CREATE TABLE future (x)')
    newer.pragma(`user_version = ${LATEST_VERSION + 5}`)
    newer.close()
    const before = digest(path)
    const error = catchError(() => openDatabase(path))
    expect(error.code).toBe('STORE_TOO_NEW')
    expect(error.detail).toContain(`version ${LATEST_VERSION + 5}`)
    expect(digest(path)).toBe(before)
  })

  it('rolls back a failing migration as a whole', () => {
    const path = tempPath()
    const broken = [
      ...MIGRATIONS,
      { version: LATEST_VERSION + 1, name: 'broken', sql: 'CREATE TABLE half (x); CREATE TABLE hosts (y);' },
    ]
    const error = catchError(() => openDatabase(path, broken))
    expect(error.code).toBe('STORE_CORRUPT')
    expect(error.message).toContain('broken')
    const db = openDatabase(path)
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION)
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half'").get()).toEqual({ n: 0 })
    db.close()
  })
})
