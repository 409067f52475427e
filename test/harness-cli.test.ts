/**
 * Fault 12 of issue 9: `npm run harness` printed an uncaught stack trace for a corrupt database, and
 * stopping it by the PID of `npm run harness` left the harness process running (npm's `sh -c` died,
 * tsx and its node lived on). Real npm, tsx and node; a renderer folder with one page stands in for
 * the built renderer (only the server is under test).
 */
import { spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitFor } from './support/libvirt.js'

let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'virtdeck-harness-cli-'))
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>stand-in</title>\n')
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

function npmHarness(args: string[]): {
  pid: number
  output: () => { stdout: string; stderr: string }
  exited: Promise<number | null>
} {
  const child = spawn('npm', ['run', '-s', 'harness', '--', '--renderer', dir, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  return {
    pid: child.pid ?? 0,
    output: () => ({ stdout, stderr }),
    exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

describe('npm run harness (fault 12)', () => {
  it('says in one line that the database is damaged, without a stack trace', async () => {
    const data = join(dir, 'corrupt')
    await rm(data, { recursive: true, force: true })
    await import('node:fs/promises').then((fs) => fs.mkdir(data, { mode: 0o700 }))
    await writeFile(join(data, 'virtdeck.db'), 'this is not an SQLite database, just text\n'.repeat(200), {
      mode: 0o600,
    })
    const run = npmHarness(['--data-dir', data])
    expect(await run.exited).toBe(1)
    const { stderr } = run.output()
    const lines = stderr.trim().split('\n')
    expect(lines, stderr).toHaveLength(1)
    expect(lines[0]).toMatch(/^virtdeck harness: .*database/i)
    expect(stderr).not.toMatch(/^\s+at /m)
  }, 60_000)

  it('stops when npm run harness is stopped by its PID', async () => {
    const run = npmHarness([])
    const port = await waitFor('the harness URL', 30_000, () => {
      const match = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(run.output().stdout)
      return match?.[1] === undefined ? undefined : Number(match[1])
    })
    expect(await accepts(port)).toBe(true)
    process.kill(run.pid, 'SIGTERM')
    await run.exited
    await waitFor('the harness to stop listening', 10_000, async () =>
      (await accepts(port)) ? undefined : true,
    )
  }, 60_000)
})
