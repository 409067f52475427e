/**
 * The profile folder and database hold host profiles, sealed secrets and the audit log: only the
 * user may read them. Checked with stat on what the real CLI (a child process) and the app's
 * composition (used by Electron, the harness and --data-dir) create.
 */
import { chmod, mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../src/main/app.js'
import { createEphemeralCipher } from '../src/main/store/ephemeral-cipher.js'
import { runVirtdeck } from './support/cli.js'

let base: string
beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'virtdeck-perms-'))
})
afterAll(async () => {
  await rm(base, { recursive: true, force: true })
})

const mode = async (path: string): Promise<string> => ((await stat(path)).mode & 0o777).toString(8)

describe('data folder and database permissions', () => {
  it('the CLI creates the folder 0700 and virtdeck.db 0600', async () => {
    const dataDir = join(base, 'cli', 'VirtDeck')
    const run = await runVirtdeck(['hosts', 'list', '--json'], dataDir)
    expect(run.code, run.stderr).toBe(0)
    expect(await mode(dataDir)).toBe('700')
    expect(await mode(join(dataDir, 'virtdeck.db'))).toBe('600')
  }, 60_000)

  it('the app (Electron, harness, --data-dir) creates the folder 0700 and db, -wal, -shm 0600', async () => {
    const dataDir = join(base, 'app')
    const app = createApp({ dataDir, cipher: createEphemeralCipher(), homeDir: base })
    try {
      app.store.settings.update({ theme: 'dark' })
      expect(await mode(dataDir)).toBe('700')
      for (const file of ['virtdeck.db', 'virtdeck.db-wal', 'virtdeck.db-shm'])
        expect(await mode(join(dataDir, file)), file).toBe('600')
    } finally {
      await app.close()
    }
  })

  it('tightens a database an older VirtDeck left readable by others', async () => {
    const dataDir = join(base, 'old')
    let app = createApp({ dataDir, cipher: createEphemeralCipher(), homeDir: base })
    await app.close()
    for (const file of ['virtdeck.db', 'virtdeck.db-wal', 'virtdeck.db-shm']) {
      await writeFile(join(dataDir, file), '', { flag: 'a' })
      await chmod(join(dataDir, file), 0o644)
    }
    app = createApp({ dataDir, cipher: createEphemeralCipher(), homeDir: base })
    try {
      for (const file of ['virtdeck.db', 'virtdeck.db-wal', 'virtdeck.db-shm'])
        expect(await mode(join(dataDir, file)), file).toBe('600')
    } finally {
      await app.close()
    }
  })
})
