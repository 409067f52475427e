/**
 * Host profiles that could run or leak something: a libvirt URI naming a program (refused when
 * added, and refused before anything runs when an older database holds one), and a saved password
 * that would follow an edit of the host's address, port or user. Real store, real local host, real virsh.
 */
import { randomUUID } from 'node:crypto'
import { chmod, mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '../src/main/app.js'
import type { App } from '../src/main/app.js'
import { createEphemeralCipher } from '../src/main/store/ephemeral-cipher.js'
import { call } from './support/router.js'

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  )
}

let dataDir: string
let app: App
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'virtdeck-hostsec-'))
  app = createApp({ dataDir, cipher: createEphemeralCipher(), homeDir: dataDir })
})
afterEach(async () => {
  await app.close()
  await rm(dataDir, { recursive: true, force: true })
})

describe('libvirt URI allow-list', () => {
  it('refuses a URI that would run a program, when added and when found in the store; nothing runs', async () => {
    const marker = join(dataDir, 'ran')
    const script = join(dataDir, 'x')
    await writeFile(script, `#!/bin/sh\ntouch '${marker}'\n`)
    await chmod(script, 0o755)
    const evil = [
      `qemu+ext:///system?command=${script}`,
      `qemu+unix:///system?socket=${script}`,
      'qemu+ssh://root@example.com/system',
      `qemu:///system?no_verify=1`,
      'test:///default?x=1',
      'vbox:///session',
    ]
    for (const libvirtUri of evil) {
      await expect(
        call(app, 'hosts.add', { kind: 'local', name: `Evil ${libvirtUri}`, libvirtUri }),
        libvirtUri,
      ).rejects.toMatchObject({
        code: 'INVALID_INPUT',
        detail: expect.stringMatching(/libvirt URI .* is not allowed/),
      })
    }
    for (const libvirtUri of [
      'qemu:///system',
      'qemu:///session',
      'qemu+unix:///system',
      'test:///default',
    ]) {
      const added = await call(app, 'hosts.add', { kind: 'local', name: `Good ${libvirtUri}`, libvirtUri })
      expect(added.libvirtUri).toBe(libvirtUri)
    }

    // A profile saved by an older VirtDeck (or edited in the database): listed, editable, never used.
    const id = randomUUID()
    app.store.hosts.upsert({
      id,
      name: 'Stored evil',
      kind: 'local',
      libvirtUri: evil[0] ?? '',
      createdAt: new Date().toISOString(),
    })
    expect((await call(app, 'hosts.list', {})).some((h) => h.id === id)).toBe(true)
    const refusal = { code: 'INVALID_INPUT', message: expect.stringMatching(/libvirt URI .* is not allowed/) }
    await expect(call(app, 'hosts.test', { id })).rejects.toMatchObject(refusal)
    await expect(call(app, 'vms.list', { hostId: id })).rejects.toMatchObject(refusal)
    await expect(call(app, 'checks.run', { hostId: id })).rejects.toMatchObject(refusal)
    await expect(call(app, 'nested.status', { hostId: id })).rejects.toMatchObject(refusal)
    const all = await call(app, 'vms.listAll', {})
    expect(all.hosts.find((h) => h.hostId === id)?.error).toBeDefined()
    expect((await call(app, 'hosts.get', { id })).state).toMatchObject({
      status: 'error',
      reason: expect.stringMatching(/is not allowed/),
    })
    expect(await exists(marker)).toBe(false)
    // The fix the message names works: edit the URI.
    const fixed = await call(app, 'hosts.update', {
      id,
      host: { kind: 'local', name: 'Stored evil', libvirtUri: 'test:///default' },
    })
    expect(fixed.libvirtUri).toBe('test:///default')
    expect((await call(app, 'vms.list', { hostId: id })).map((d) => d.name)).toEqual(['test'])
  }, 60_000)
})

describe('a saved password and an edited endpoint', () => {
  const base = {
    kind: 'ssh',
    name: 'NAS',
    hostname: 'nas.lan',
    port: 22,
    username: 'admin',
    auth: 'password',
  } as const

  it('keeps it for a rename, forgets it when the address, port, user or method changes, and says so', async () => {
    expect(await call(app, 'secrets.status', {})).toMatchObject({ mode: 'session', canSave: true })
    const host = await call(app, 'hosts.add', { ...base, secret: 'pw' })
    expect(host.hasSecret).toBe(true)
    const renamed = await call(app, 'hosts.update', { id: host.id, host: { ...base, name: 'NAS 2' } })
    expect(renamed).toMatchObject({ hasSecret: true })
    expect(renamed.secretCleared).toBeUndefined()

    for (const change of [{ hostname: 'evil.example' }, { port: 2222 }, { username: 'root' }]) {
      await call(app, 'hosts.update', { id: host.id, host: { ...base, secret: 'pw' } })
      const moved = await call(app, 'hosts.update', { id: host.id, host: { ...base, ...change } })
      expect(moved, JSON.stringify(change)).toMatchObject({ hasSecret: false, secretCleared: true })
      expect(moved.notice).toMatch(/saved password was forgotten/)
      expect(app.store.secrets.has(`host:${host.id}`)).toBe(false)
    }
    // A new password given with the new endpoint is kept.
    await call(app, 'hosts.update', { id: host.id, host: { ...base, secret: 'pw' } })
    const withNew = await call(app, 'hosts.update', {
      id: host.id,
      host: { ...base, hostname: 'nas2.lan', secret: 'pw2' },
    })
    expect(withNew).toMatchObject({ hasSecret: true, hostname: 'nas2.lan' })
    expect(withNew.secretCleared).toBeUndefined()
    expect(await app.store.secrets.get(`host:${host.id}`)).toBe('pw2')
  })
})
