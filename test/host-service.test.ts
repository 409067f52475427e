import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '../src/main/app.js'
import type { App } from '../src/main/app.js'
import { createEphemeralCipher } from '../src/main/store/ephemeral-cipher.js'
import type { OutputOf } from '@shared/contract.js'
import { AppError } from '@shared/errors.js'
import { call } from './support/router.js'

describe('host service (real store, real local host)', () => {
  let dataDir: string
  let app: App
  const key = Buffer.alloc(32, 7)
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'virtdeck-hosts-'))
    app = createApp({ dataDir, cipher: createEphemeralCipher(key), homeDir: dataDir })
  })
  afterEach(async () => {
    await app.close()
  })

  it('creates "This computer" on first start, and keeps it (it cannot be deleted: issue 9, fault 14)', async () => {
    const hosts = await call(app, 'hosts.list', {})
    expect(hosts).toEqual([
      expect.objectContaining({ name: 'This computer', kind: 'local', libvirtUri: 'qemu:///system' }),
    ])
    await expect(call(app, 'hosts.remove', { id: hosts[0]?.id ?? '' })).rejects.toMatchObject({
      code: 'CONFLICT',
    })
    await app.close()
    app = createApp({ dataDir, cipher: createEphemeralCipher(key), homeDir: dataDir })
    expect((await call(app, 'hosts.list', {})).map((h) => h.name)).toEqual(['This computer'])
  })

  it('keeps a password sealed, never in plain text on disk, and records every change in the audit log', async () => {
    const password = 'correct horse battery staple ✓'
    const host = await call(app, 'hosts.add', {
      kind: 'ssh',
      name: 'NAS',
      hostname: 'nas.lan',
      port: 2222,
      username: 'admin',
      auth: 'password',
      secret: password,
    })
    expect(host).toMatchObject({ name: 'NAS', hasSecret: true, port: 2222 })
    expect(host).not.toHaveProperty('secret')
    await call(app, 'hosts.update', {
      id: host.id,
      host: {
        kind: 'ssh',
        name: 'NAS (attic)',
        hostname: 'nas.lan',
        port: 2222,
        username: 'admin',
        auth: 'password',
      },
    })
    // An update of the same endpoint without a new password keeps the saved one.
    expect(await call(app, 'hosts.get', { id: host.id })).toMatchObject({
      name: 'NAS (attic)',
      hasSecret: true,
      port: 2222,
    })
    await app.close()
    for (const file of ['virtdeck.db', 'virtdeck.db-wal']) {
      let bytes = Buffer.alloc(0)
      try {
        bytes = readFileSync(join(dataDir, file))
      } catch {
        continue
      }
      expect(bytes.includes(Buffer.from(password))).toBe(false)
      expect(bytes.includes(Buffer.from('correct horse'))).toBe(false)
    }
    app = createApp({ dataDir, cipher: createEphemeralCipher(key), homeDir: dataDir })
    expect(await app.store.secrets.get(`host:${host.id}`)).toBe(password)
    const audit = await call(app, 'audit.list', { limit: 10 })
    expect(audit.map((a) => [a.action, a.outcome])).toEqual([
      ['host.update', 'ok'],
      ['host.add', 'ok'],
    ])
  })

  it('refuses a second host with the same name, and audits the refusal', async () => {
    await expect(call(app, 'hosts.add', { kind: 'local', name: 'this COMPUTER' })).rejects.toMatchObject({
      code: 'CONFLICT',
    })
    expect((await call(app, 'audit.list', { limit: 1 }))[0]).toMatchObject({
      action: 'host.add',
      outcome: 'failed',
    })
  })

  it('tests "This computer" for real: OS, kernel, libvirt and QEMU versions', async () => {
    const [local] = await call(app, 'hosts.list', {})
    const progress: string[] = []
    const envelope = await app.router.handle(
      { channel: 'hosts.test', input: { id: local?.id }, opId: 'op-test' },
      { sendProgress: (_id, p) => progress.push(p.message) },
    )
    if (!envelope.ok) throw AppError.fromPayload(envelope.error)
    const report = envelope.value as OutputOf<'hosts.test'>
    expect(report.kernel).toBe(readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim())
    expect(report.os).toMatch(/Linux|Debian|Ubuntu/)
    expect(report.libvirtVersion).toMatch(/^\d+\.\d+\.\d+$/)
    expect(report.qemuVersion).toMatch(/^\d+\.\d+/)
    expect(report.libvirtProblem).toBeUndefined()
    expect(progress.length).toBeGreaterThanOrEqual(3)
  })

  it('explains an unreachable libvirt URI instead of failing the whole test', async () => {
    const host = await call(app, 'hosts.add', {
      kind: 'local',
      name: 'Broken URI',
      libvirtUri: 'test:///nonexistent/node.xml',
    })
    const report = await call(app, 'hosts.test', { id: host.id })
    expect(report.libvirtVersion).toBeUndefined()
    expect(report.libvirtProblem).toMatch(/libvirt is not running|Could not reach libvirt/)
  })

  it('settings: defaults, partial update, validation', async () => {
    expect(await call(app, 'settings.get', {})).toEqual({
      theme: 'system',
      connectOnStart: true,
      allowPlainSecrets: false,
    })
    expect(await call(app, 'settings.update', { theme: 'dark' })).toEqual({
      theme: 'dark',
      connectOnStart: true,
      allowPlainSecrets: false,
    })
    await expect(call(app, 'settings.update', { theme: 'neon' } as never)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    })
  })
})
