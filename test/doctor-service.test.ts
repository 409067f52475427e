import { closeSync, constants, mkdtempSync, openSync, readFileSync, statSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../src/main/app.js'
import type { App } from '../src/main/app.js'
import { createEphemeralCipher } from '../src/main/store/ephemeral-cipher.js'
import type { InputOf } from '@shared/contract.js'
import type { Progress } from '@shared/protocol.js'
import { startSshd } from './support/sshd.js'
import type { TestSshd } from './support/sshd.js'
import { call } from './support/router.js'

/** checks.run through the app's router: on this machine (LocalHost) and over SSH to the loopback sshd. */

function kvmOpensHere(): boolean {
  try {
    closeSync(openSync('/dev/kvm', constants.O_RDWR))
    return true
  } catch {
    return false
  }
}

let app: App
let dataDir: string
beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'virtdeck-doctor-'))
  app = createApp({ dataDir, cipher: createEphemeralCipher(Buffer.alloc(32, 5)), homeDir: dataDir })
})
afterAll(async () => {
  await app.close()
  await rm(dataDir, { recursive: true, force: true })
})

describe('checks.run on this machine (LocalHost, "This computer")', () => {
  it('returns the report with its Markdown and JSON exports, and reports progress', async () => {
    const progress: Progress[] = []
    const run = await call(app, 'checks.run', { hostId: 'local' }, progress)
    const { report } = run
    expect(report.hostId).toBe('local')
    expect(report.checks.length).toBeGreaterThan(10)
    expect(run.markdown).toContain(`## Verdict: ${report.verdict.headline}`)
    expect(JSON.parse(run.json)).toEqual(report)
    expect(progress.at(-1)).toEqual({ message: `Done: ${report.verdict.headline}`, fraction: 1 })
    if (kvmOpensHere()) {
      expect(report.kvm.usable, run.markdown).toBe(true)
      expect(
        ['Ready for KVM', 'KVM works, nested off', 'KVM works, but libvirt cannot use it'],
        run.markdown,
      ).toContain(report.verdict.headline)
    } else {
      expect(report.verdict.level, run.markdown).not.toBe('ready')
    }
  }, 30_000)

  it('can be cancelled, and refuses unknown hosts and bad input', async () => {
    const pending = app.router.handle({
      channel: 'checks.run',
      input: { hostId: 'local' },
      opId: 'cancel-me',
    })
    app.router.cancel('cancel-me')
    const envelope = await pending
    expect(envelope).toMatchObject({ ok: false, error: { code: 'CANCELLED' } })
    await expect(call(app, 'checks.run', { hostId: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(
      call(app, 'checks.run', { hostId: 'local', extra: 1 } as InputOf<'checks.run'>),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' })
  })
})

describe('the app over SSH (loopback sshd, user vdtest with a password)', () => {
  let sshd: TestSshd
  beforeAll(async () => {
    sshd = await startSshd()
  })
  afterAll(async () => {
    await sshd.stop()
  })
  afterEach(async () => {
    await app.registry.closeAll()
  })

  it('reads the same machine through SSH, as a user without /dev/kvm access', async () => {
    const saved = await call(app, 'hosts.add', {
      kind: 'ssh',
      name: 'Loopback',
      hostname: '127.0.0.1',
      port: sshd.port,
      username: sshd.user,
      auth: 'password',
      secret: sshd.password,
    })
    await expect(call(app, 'checks.run', { hostId: saved.id })).rejects.toMatchObject({
      code: 'HOST_KEY_UNKNOWN',
    })
    app.store.knownHosts.accept(`127.0.0.1:${sshd.port}`, sshd.hostKeyType, sshd.hostKeyFingerprint)
    await app.registry.drop(saved.id)
    const { report, markdown } = await call(app, 'checks.run', { hostId: saved.id })
    expect(report.hostId).toBe(saved.id)
    expect(markdown).toContain(`# VirtDeck host report: Loopback\n`)
    const local = await call(app, 'checks.run', { hostId: 'local' })
    // Same CPU either way; the reading was done over SSH (vdtest is not in the kvm group).
    expect(report.cpu.vendor).toBe(local.report.cpu.vendor)
    expect(report.cpu.model).toBe(local.report.cpu.model)
    const device = report.checks.find((check) => check.id === 'kvm-device')
    expect(device?.evidence.length, markdown).toBeGreaterThan(0)
    if (kvmOpensHere()) expect(device?.summary, markdown).toMatch(/vdtest/)
  }, 60_000)

  it('privileged(): relays the sudo prompt, sends the password first and the file content after it', async () => {
    const saved = await call(app, 'hosts.add', {
      kind: 'ssh',
      name: 'Loopback (sudo)',
      hostname: '127.0.0.1',
      port: sshd.port,
      username: sshd.user,
      auth: 'password',
      secret: sshd.password,
    })
    app.store.knownHosts.accept(`127.0.0.1:${sshd.port}`, sshd.hostKeyType, sshd.hostKeyFingerprint)
    const prompts: string[] = []
    const stop = app.bus.subscribe((event, payload) => {
      if (event !== 'prompt.password') return
      const prompt = payload as { promptId: string; prompt: string; reason: string }
      prompts.push(`${prompt.reason} | ${prompt.prompt}`)
      app.prompts.answer(prompt.promptId, sshd.password)
    })
    const target = join(tmpdir(), `virtdeck-sudo-tee-${process.pid}-${Date.now()}.conf`)
    try {
      const content = "options kvm-amd nested=1\n# a 'quoted' line, $HOME and `ticks` stay as written\n"
      const host = await app.registry.get(saved.id)
      const result = await host.privileged('tee', ['--', target], {
        input: content,
        reason: 'Write the nested option',
      })
      expect(result.code).toBe(0)
      expect(result.stdout).toBe(content)
      expect(readFileSync(target, 'utf8')).toBe(content)
      expect(statSync(target).uid).toBe(0) // written by root, through sudo
      expect(prompts).toEqual(['Write the nested option | Password of vdtest for sudo on 127.0.0.1:'])
    } finally {
      stop()
      await rm(target, { force: true })
    }
  }, 60_000)
})
