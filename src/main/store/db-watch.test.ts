import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { watchExternalWrites } from './db-watch.js'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function twoConnections(): { ours: Database.Database; theirs: Database.Database } {
  const dir = mkdtempSync(join(tmpdir(), 'vd-dbwatch-'))
  dirs.push(dir)
  const ours = new Database(join(dir, 'x.db'))
  ours.pragma('journal_mode = WAL')
  ours.exec('CREATE TABLE t (v INTEGER)')
  const theirs = new Database(join(dir, 'x.db'))
  return { ours, theirs }
}

const tick = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

describe('watchExternalWrites', () => {
  it('tells of a commit by another connection, not of our own writes', async () => {
    const { ours, theirs } = twoConnections()
    let calls = 0
    const stop = watchExternalWrites(ours, () => calls++, 20)
    ours.prepare('INSERT INTO t VALUES (1)').run()
    await tick(80)
    expect(calls).toBe(0)
    theirs.prepare('INSERT INTO t VALUES (2)').run()
    await tick(80)
    expect(calls).toBe(1)
    stop()
    theirs.prepare('INSERT INTO t VALUES (3)').run()
    await tick(80)
    expect(calls).toBe(1)
    ours.close()
    theirs.close()
  })
})
