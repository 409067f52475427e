import { execFile } from 'node:child_process'
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { repoRoot } from './support/fixtures.js'

/**
 * `npm start` / `npm run dev` (scripts/start.mjs) when Electron's binary cannot be fetched. Runs on a
 * scratch checkout: the real start script and the real electron installer (electron/install.js with
 * @electron/get), no binary installed yet, and the download pointed at a closed loopback port — the
 * same failure as a machine without internet, also on a CI machine that has internet. electron-vite
 * there is a stand-in that records how it was called (Electron itself cannot run here).
 */

interface Run {
  code: number
  stdout: string
  stderr: string
}

let root: string

function start(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(root, 'scripts', 'start.mjs'), ...args],
      {
        cwd: root,
        timeout: 20_000,
        env: {
          ...process.env,
          ELECTRON_OVERRIDE_DIST_PATH: '',
          ELECTRON_MIRROR: 'http://127.0.0.1:9/',
          electron_config_cache: join(root, 'electron-cache'),
          ...env,
        },
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    )
  })
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'virtdeck-start-'))
  cpSync(join(repoRoot, 'scripts', 'start.mjs'), join(root, 'scripts', 'start.mjs'))
  const electron = join(root, 'node_modules', 'electron')
  mkdirSync(electron, { recursive: true })
  for (const file of ['package.json', 'install.js', 'checksums.json'])
    cpSync(join(repoRoot, 'node_modules', 'electron', file), join(electron, file))
  symlinkSync(join(repoRoot, 'node_modules', '@electron'), join(root, 'node_modules', '@electron'))
  mkdirSync(join(root, 'node_modules', '.bin'))
  const fakeViteFile = join(root, 'node_modules', '.bin', 'electron-vite')
  writeFileSync(fakeViteFile, '#!/bin/sh\necho "electron-vite $* with ${ELECTRON_OVERRIDE_DIST_PATH}"\n')
  chmodSync(fakeViteFile, 0o755)
})

afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('npm start without internet', () => {
  it('says in one message that the binary could not be downloaded and what to do, exit 1', async () => {
    const run = await start(['preview'])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain("Electron's binary (electron ")
    expect(run.stderr).toContain('could not be downloaded — no internet?')
    expect(run.stderr).toContain('(TypeError: fetch failed)')
    expect(run.stderr).toContain('run `npm start` again when this machine is online')
    expect(run.stderr).toContain('set ELECTRON_OVERRIDE_DIST_PATH to the folder of an unpacked Electron')
    expect(run.stderr).toContain('`npm run build && npm run harness`')
    // One message: no stack trace, and electron-vite never ran.
    expect(run.stderr).not.toMatch(/^\s+at /m)
    expect(run.stdout).toBe('')
  })

  it('names the command that was run (npm run dev)', async () => {
    const run = await start(['dev'])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('run `npm run dev` again when this machine is online')
  })

  it('uses ELECTRON_OVERRIDE_DIST_PATH instead of downloading, and says when it holds no electron', async () => {
    const dist = join(root, 'unpacked-electron')
    const missing = await start(['preview'], { ELECTRON_OVERRIDE_DIST_PATH: dist })
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain(
      `ELECTRON_OVERRIDE_DIST_PATH is ${dist}, but there is no electron executable in it`,
    )
    mkdirSync(dist)
    writeFileSync(join(dist, 'electron'), '')
    const run = await start(['preview', '--sourcemap'], { ELECTRON_OVERRIDE_DIST_PATH: dist })
    expect(run.stderr).toBe('')
    expect(run.stdout).toBe(`electron-vite preview --sourcemap with ${dist}\n`)
    expect(run.code).toBe(0)
  })
})
