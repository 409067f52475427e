/**
 * privileged() without asking (`sudo -n`), for reads that only feed a summary: the Overview's LXC
 * count. On the loopback sshd as `vdtest` (sudo wants its password) the read fails at once with
 * "needs the administrator password" and no prompt event; this computer (root) still reads. The
 * same on this computer for a non-root user (LocalHost in a child process as vdtest). No mocks.
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_USER, startSshd, type TestSshd } from './support/sshd.js'
import { startTestApp, type TestApp } from './support/app.js'
import { failure } from './support/router.js'

const run = promisify(execFile)
let t: TestApp
let sshd: TestSshd
let sshHostId: string
let dir: string

beforeAll(async () => {
  t = startTestApp()
  sshd = await startSshd()
  dir = await mkdtemp(join(tmpdir(), 'virtdeck-sudo-n-'))
  await chmod(dir, 0o777)
  const saved = await t.call('hosts.add', {
    kind: 'ssh',
    name: 'Loopback (sudo with a password)',
    hostname: '127.0.0.1',
    port: sshd.port,
    username: sshd.user,
    auth: 'password',
    secret: sshd.password,
  })
  sshHostId = saved.id
  t.app.store.knownHosts.accept(`127.0.0.1:${sshd.port}`, sshd.hostKeyType, sshd.hostKeyFingerprint)
}, 60_000)

afterAll(async () => {
  await t?.close()
  await sshd?.stop()
  if (dir !== undefined) await rm(dir, { recursive: true, force: true })
}, 30_000)

const promptsSince = (from: number): number =>
  t.events.slice(from).filter((e) => e.name === 'prompt.password').length

describe('privileged without asking over SSH (vdtest: sudo wants a password)', () => {
  it('lxc.list for a summary fails with "needs the administrator password", no prompt, nothing run', async () => {
    const from = t.events.length
    const started = Date.now()
    const error = await failure(t.call('lxc.list', { hostId: sshHostId, nonInteractive: true }))
    const took = Date.now() - started
    expect(error.code).toBe('PERMISSION_DENIED')
    expect(error.message).toBe('sudo on 127.0.0.1 needs the administrator password')
    expect(error.detail).toMatch(/Nothing was run/)
    expect(error.detail).toMatch(/password of vdtest/)
    expect(error.data).toEqual({ needsPassword: true })
    expect(promptsSince(from)).toBe(0)
    // Fails at once: no prompt waits for an answer (the broker gives up only after 5 minutes).
    expect(took).toBeLessThan(5000)

    // The host call itself: the command does not run (a hostile name stays one argument too).
    const marker = join(dir, "m $(id -u); ' `x`")
    const host = await t.app.registry.get(sshHostId)
    const direct = await failure(
      host.privileged('touch', ['--', marker], { reason: 'Test summary read', nonInteractive: true }),
    )
    expect(direct.code).toBe('PERMISSION_DENIED')
    expect(direct.detail).toMatch(/Test summary read/)
    expect(existsSync(marker)).toBe(false)
    expect(promptsSince(from)).toBe(0)
  }, 30_000)

  it('without the flag the same read asks (the prompt the summary avoids)', async () => {
    const from = t.events.length
    const stop = t.app.bus.subscribe((name, payload) => {
      if (name === 'prompt.password') t.app.prompts.answer((payload as { promptId: string }).promptId, null)
    })
    try {
      const error = await failure(t.call('lxc.list', { hostId: sshHostId }))
      expect(error.code).toBe('CANCELLED')
      expect(promptsSince(from)).toBe(1)
    } finally {
      stop()
    }
  }, 30_000)
})

describe('privileged without asking on this computer', () => {
  it('as root: lxc.list for a summary reads the containers, no prompt', async () => {
    if (process.getuid?.() !== 0) throw new Error('this test runs as root (like the rest of the suite)')
    const from = t.events.length
    const list = await t.call('lxc.list', { hostId: 'local', nonInteractive: true })
    expect(Array.isArray(list)).toBe(true)
    const host = await t.app.registry.get('local')
    const id = await host.privileged('id', ['-u'], { reason: 'test', nonInteractive: true })
    expect(id).toMatchObject({ stdout: '0\n', code: 0 })
    expect(promptsSince(from)).toBe(0)
  })

  it('as a user whose sudo wants a password: PERMISSION_DENIED and the prompter is never called', async () => {
    const script = join(dir, 'sudo-n-child.mts')
    const marker = join(dir, 'local-marker')
    await writeFile(
      script,
      `import { LocalHost } from ${JSON.stringify(resolve('src/main/host/local-host.ts'))}
let asked = 0
const host = new LocalHost({ prompter: async () => { asked += 1; return 'wrong' } })
const outcome = await host.privileged('touch', [${JSON.stringify(marker)}], { reason: 'Count', nonInteractive: true }).then(
  (result) => ({ result }),
  (error: { code?: string; message?: string; data?: unknown }) => ({ error: { code: error.code, message: error.message, data: error.data } }),
)
process.stdout.write(JSON.stringify({ asked, outcome }))
`,
      { mode: 0o644 },
    )
    const { stdout } = await run(
      'runuser',
      ['-u', TEST_USER, '--', process.execPath, '--import', 'tsx', script],
      {
        cwd: process.cwd(),
        env: { ...process.env, HOME: `/home/${TEST_USER}` },
      },
    )
    const child = JSON.parse(stdout) as { asked: number; outcome: { error?: Record<string, unknown> } }
    expect(child.asked).toBe(0)
    expect(child.outcome.error).toEqual({
      code: 'PERMISSION_DENIED',
      message: 'sudo on this computer needs the administrator password',
      data: { needsPassword: true },
    })
    expect(existsSync(marker)).toBe(false)
  }, 30_000)
})
