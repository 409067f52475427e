/**
 * Boxes with real Vagrant, no network beyond 127.0.0.1: a box catalog (metadata JSON) served by a
 * loopback HTTP server, added by URL with streamed output; `box outdated --global` up to date,
 * outdated after the catalog gains a version, and "cannot reach the catalog" once the server is
 * gone (what an offline machine sees); a download cancelled part way; a .box file by path;
 * hostile sources and names refused before Vagrant runs.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { Server, ServerResponse } from 'node:http'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { VagrantBoxAddResult } from '@shared/vagrant-contract.js'
import type { TestApp } from './support/app.js'
import { startTestApp } from './support/app.js'
import type { VagrantSandbox } from './support/vagrant.js'
import { emptyLibvirtBox, vagrantSandbox, vagrantsOf } from './support/vagrant.js'

let t: TestApp
let sandbox: VagrantSandbox
let server: Server
let base = ''
let box: Buffer
let versions = ['1.0.0']
/** While set, the .box download sends a few bytes and then hangs (for the cancel). */
let stall = false
const open = new Set<ServerResponse>()
const saved = { ...process.env }

function catalog(): string {
  const checksum = createHash('sha256').update(box).digest('hex')
  return JSON.stringify({
    name: 'virtdeck/catalog',
    versions: versions.map((version) => ({
      version,
      providers: [{ name: 'libvirt', url: `${base}/box-${version}.box`, checksum_type: 'sha256', checksum }],
    })),
  })
}

beforeAll(async () => {
  sandbox = vagrantSandbox()
  box = readFileSync(emptyLibvirtBox(sandbox.root))
  Object.assign(process.env, sandbox.env())
  server = createServer((req, res) => {
    open.add(res)
    res.on('close', () => open.delete(res))
    if (req.url === '/catalog.json') {
      res.setHeader('content-type', 'application/json')
      res.end(catalog())
    } else if (req.url?.endsWith('.box') === true) {
      res.setHeader('content-length', String(stall ? box.length * 100 : box.length))
      if (stall) res.write(box.subarray(0, 1024))
      else res.end(box)
    } else {
      res.statusCode = 404
      res.end()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  t = startTestApp()
}, 60_000)

afterAll(async () => {
  for (const res of open) res.destroy()
  server.close()
  await t?.close()
  process.env = saved
  await sandbox?.close()
})

describe('vagrant boxes', () => {
  it('adds from a catalog URL, checks for updates, and says when the catalog cannot be reached', async () => {
    const lines: string[] = []
    const add = await t.call('vagrant.boxAdd', { hostId: 'local', source: `${base}/catalog.json` }, (p) =>
      lines.push(p.message),
    )
    expect(add, add.output).toMatchObject({ added: true, cancelled: false })
    expect(add.boxes).toContainEqual({ name: 'virtdeck/catalog', provider: 'libvirt', version: '1.0.0' })
    expect(lines.join('\n')).toContain(`Downloading: ${base}/box-1.0.0.box`)

    // A .box file by its path: a name is needed, and it has no catalog.
    const file = emptyLibvirtBox(sandbox.root)
    await expect(t.call('vagrant.boxAdd', { hostId: 'local', source: file })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('Name the box') as unknown,
    })
    expect(
      await t.call('vagrant.boxAdd', { hostId: 'local', source: file, name: 'virtdeck/file' }),
    ).toMatchObject({ added: true })

    expect(await t.call('vagrant.boxOutdated', { hostId: 'local' })).toEqual([
      {
        name: 'virtdeck/catalog',
        provider: 'libvirt',
        current: '1.0.0',
        state: 'up-to-date',
        message: 'virtdeck/catalog (libvirt) is up to date',
      },
      expect.objectContaining({ name: 'virtdeck/file', provider: 'libvirt', state: 'local' }),
    ])

    versions = ['1.1.0', '1.0.0']
    const outdated = await t.call('vagrant.boxOutdated', { hostId: 'local' })
    expect(outdated[0]).toMatchObject({
      name: 'virtdeck/catalog',
      state: 'outdated',
      current: '1.0.0',
      latest: '1.1.0',
    })
    expect(outdated[0]?.message).toContain('vagrant box update --box virtdeck/catalog')

    // Offline: the catalog does not answer. Said so, per box; the check itself does not fail.
    await new Promise<void>((resolve) => server.close(() => resolve()))
    const offline = await t.call('vagrant.boxOutdated', { hostId: 'local' })
    expect(offline[0]).toMatchObject({ name: 'virtdeck/catalog', state: 'unreachable' })
    expect(offline[0]?.message).toMatch(/^Cannot reach the box catalog of virtdeck\/catalog \(libvirt\): .+/)
    expect(offline[1]).toMatchObject({ state: 'local' })
    await new Promise<void>((resolve) => server.listen(Number(base.split(':').pop()), '127.0.0.1', resolve))

    const removed = await t.call('vagrant.boxRemove', { hostId: 'local', name: 'virtdeck/file' })
    expect(removed).toMatchObject({ removed: true, inUseBy: [] })
    expect((await t.call('vagrant.boxes', { hostId: 'local' })).map((b) => b.name)).toEqual([
      'virtdeck/catalog',
    ])
    await expect(
      t.call('vagrant.boxRemove', { hostId: 'local', name: 'virtdeck/never-added' }),
    ).rejects.toMatchObject({ code: 'COMMAND_FAILED' })
  }, 120_000)

  it('cancels a download part way: nothing added, no vagrant left', async () => {
    stall = true
    versions = ['2.0.0']
    const controller = { id: '' }
    let sawDownload = false
    const envelope = await t.app.router.handle(
      {
        channel: 'vagrant.boxAdd',
        input: { hostId: 'local', source: `${base}/catalog.json`, name: 'virtdeck/catalog', force: true },
        opId: 'box-cancel',
      },
      {
        sendProgress: (id, p) => {
          controller.id = id
          if (p.message.includes('Downloading:') && !sawDownload) {
            sawDownload = true
            setTimeout(() => t.app.router.cancel(id), 300)
          }
        },
      },
    )
    stall = false
    expect(sawDownload).toBe(true)
    expect(envelope.ok).toBe(true)
    const result = (envelope.ok ? envelope.value : undefined) as VagrantBoxAddResult
    expect(result).toMatchObject({ added: false, cancelled: true })
    expect(result.boxes.filter((b) => b.version === '2.0.0')).toEqual([])
    expect(vagrantsOf('/')).toEqual([])
  }, 60_000)

  it('refuses hostile sources and names before Vagrant runs', async () => {
    for (const source of [
      '--force',
      '-h',
      'a b',
      'x\n--provider=docker',
      '$(touch /tmp/pwned)',
      'ftp://x/y.box',
    ])
      await expect(t.call('vagrant.boxAdd', { hostId: 'local', source })).rejects.toMatchObject({
        code: 'INVALID_INPUT',
      })
    for (const name of ['-rf', 'a/b/c', "x'; rm -rf /", 'é'])
      await expect(t.call('vagrant.boxRemove', { hostId: 'local', name })).rejects.toMatchObject({
        code: 'INVALID_INPUT',
      })
  })
})
