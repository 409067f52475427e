/**
 * Issue 9, storage pools: create (directory for real; LVM, NFS and iSCSI defined without starting, so
 * libvirt itself accepts their XML), build/start/autostart, refresh, delete refused while a VM uses a
 * volume, and volumes: resize, clone, "used by". Real libvirtd (qemu:///system) through the app's router;
 * every pool, volume and domain is prefixed vd-sn- and removed afterwards.
 */
import { existsSync } from 'node:fs'
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp } from './support/app.js'
import type { TestApp } from './support/app.js'
import { HOSTILE, lockLibvirtd, otherVirsh, removeDomain, uniqueName } from './support/libvirt.js'
import { failure } from './support/router.js'
import type { PoolSpec } from '@shared/pool-create.js'

let t: TestApp
let release: () => Promise<void>
let dir: string
const pool = uniqueName('vd-sn-pool', true)
const defineOnly = ['logical', 'netfs', 'iscsi'].map((k) => uniqueName(`vd-sn-${k}`)) as [
  string,
  string,
  string,
]
const domains: string[] = []
const hostId = 'local'

beforeAll(async () => {
  release = await lockLibvirtd('shared')
  dir = await mkdtemp(join(tmpdir(), 'vd-sn-pools-'))
  await chmod(dir, 0o755) // QEMU (another user) opens the disk of the started VM
  t = startTestApp()
}, 60_000)

afterAll(async () => {
  for (const uuid of domains) await removeDomain(uuid)
  for (const name of [pool, ...defineOnly]) {
    await otherVirsh(['pool-destroy', '--pool', name]).catch(() => undefined)
    await otherVirsh(['pool-undefine', '--pool', name]).catch(() => undefined)
  }
  await t?.close()
  await rm(dir, { recursive: true, force: true })
  await release?.()
}, 60_000)

function diskDomainXml(name: string, path: string): string {
  return `<domain type='qemu'><name>${name}</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>
<os><type arch='x86_64' machine='pc'>hvm</type></os>
<devices><disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='${path}'/><target dev='vda' bus='virtio'/></disk></devices></domain>\n`
}

describe('storage pools', () => {
  it('offers the kinds this libvirt supports, from pool-capabilities', async () => {
    const kinds = await t.call('pools.kinds', { hostId })
    expect(kinds.map((k) => k.kind)).toEqual(['dir', 'logical', 'netfs', 'iscsi'])
    expect(kinds.find((k) => k.kind === 'dir')?.supported).toBe(true)
    const caps = await otherVirsh(['pool-capabilities'])
    for (const k of kinds) expect(k.supported).toBe(caps.includes(`<pool type='${k.kind}' supported='yes'>`))
  })

  it('refuses bad fields in the user’s words', async () => {
    const bad = async (spec: object): Promise<string> =>
      (await failure(t.call('pools.preview', { hostId, spec } as never))).detail ?? ''
    expect(await bad({ kind: 'dir', name: 'x', path: 'relative/dir' })).toMatch(/absolute path/)
    expect(await bad({ kind: 'dir', name: 'a/b', path: '/srv/x' })).toMatch(/cannot contain "\/"/)
    expect(await bad({ kind: 'dir', name: 'x', path: '/srv/../etc' })).toMatch(/cannot contain "\.\."/)
    expect(await bad({ kind: 'dir', name: 'x\ny', path: '/srv/x' })).toMatch(/control characters/)
    expect(
      await bad({ kind: 'netfs', name: 'x', server: 'a b;rm', exportPath: '/e', path: '/mnt/x' }),
    ).toMatch(/host name .* or an IP address/)
    expect(await bad({ kind: 'iscsi', name: 'x', server: 'san', target: 'nope' })).toMatch(/iqn\.2024-01/)
    expect(await bad({ kind: 'logical', name: 'x', volumeGroup: '-vg' })).toMatch(/volume group name/)
  })

  it('previews the XML, then creates, builds, starts and autostarts a directory pool (hostile name)', async () => {
    const path = join(dir, 'pool dir $(x)')
    const preview = await t.call('pools.preview', { hostId, spec: { kind: 'dir', name: pool, path } })
    expect(preview.xml).toContain(`<path>${path.replace('$', '$')}</path>`)
    expect(preview.xml).toContain('&lt;x&gt;')
    expect(preview.notes.join(' ')).toMatch(/does not exist yet.*building the pool creates it/)
    const started = Date.now()
    const pools = await t.call('pools.create', { hostId, spec: { kind: 'dir', name: pool, path } })
    const made = pools.find((p) => p.name === pool)
    expect(made).toMatchObject({ type: 'dir', active: true, autostart: true, path })
    expect(existsSync(path)).toBe(true)
    expect(Date.now() - started).toBeLessThan(10_000)
    const again = await failure(t.call('pools.preview', { hostId, spec: { kind: 'dir', name: pool, path } }))
    expect(again.code).toBe('CONFLICT')
    expect(again.message).toMatch(/exists already/)
  }, 30_000)

  it('defines LVM, NFS and iSCSI pools as libvirt accepts them (defined only, not started)', async () => {
    const kinds = await t.call('pools.kinds', { hostId })
    const specs = [
      {
        kind: 'logical',
        name: defineOnly[0],
        volumeGroup: 'vd_sn_vg',
        devices: ['/dev/vd-sn-none'] as string[],
      },
      {
        kind: 'netfs',
        name: defineOnly[1],
        server: '127.0.0.1',
        exportPath: '/export/vd',
        path: join(dir, 'nfs'),
      },
      { kind: 'iscsi', name: defineOnly[2], server: 'san.example', target: 'iqn.2024-01.com.example:vd' },
    ] satisfies PoolSpec[]
    for (const spec of specs) {
      expect(kinds.find((k) => k.kind === spec.kind)?.supported).toBe(true)
      await t.call('pools.create', { hostId, spec, build: false, start: false, autostart: false })
      const xml = await otherVirsh(['pool-dumpxml', '--inactive', '--pool', spec.name])
      expect(xml).toContain(`<pool type='${spec.kind}'>`)
      if (spec.kind === 'logical') expect(xml).toContain("<device path='/dev/vd-sn-none'/>")
      if (spec.kind === 'netfs')
        expect(xml).toMatch(/<host name='127\.0\.0\.1'\/>[\s\S]*<dir path='\/export\/vd'\/>/)
      if (spec.kind === 'iscsi') expect(xml).toContain("<device path='iqn.2024-01.com.example:vd'/>")
      await t.call('pools.delete', { hostId, name: spec.name })
      expect((await t.call('pools.list', { hostId })).some((p) => p.name === spec.name)).toBe(false)
    }
  }, 30_000)

  it('resizes (grow; shrink only when asked), clones, and says which VM uses a volume', async () => {
    const vol = `disk ${HOSTILE}`.replace('/', '')
    await t.call('volumes.create', {
      hostId,
      pool,
      spec: { name: vol, capacityBytes: 16 * 2 ** 20, format: 'raw', preallocation: 'off' },
    })
    const grown = await t.call('volumes.resize', { hostId, pool, name: vol, capacityBytes: 32 * 2 ** 20 })
    expect(grown.capacity).toBe(32 * 2 ** 20)
    const shrink = await failure(
      t.call('volumes.resize', { hostId, pool, name: vol, capacityBytes: 2 ** 20 }),
    )
    expect(shrink.code).toBe('CONFLICT')
    expect(shrink.message).toMatch(/cut off data/)
    const shrunk = await t.call('volumes.resize', {
      hostId,
      pool,
      name: vol,
      capacityBytes: 8 * 2 ** 20,
      allowShrink: true,
    })
    expect(shrunk.capacity).toBe(8 * 2 ** 20)
    const copy = await t.call('volumes.clone', { hostId, pool, name: vol, newName: `${vol} copy` })
    expect(copy.capacity).toBe(8 * 2 ** 20)
    const dup = await failure(t.call('volumes.clone', { hostId, pool, name: vol, newName: `${vol} copy` }))
    expect(dup.code).toBe('CONFLICT')

    const domain = uniqueName('vd-sn-user')
    const xmlPath = join(dir, 'd.xml')
    await writeFile(
      xmlPath,
      diskDomainXml(
        domain,
        grown.path.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&apos;'),
      ),
    )
    await otherVirsh(['define', '--file', xmlPath])
    domains.push((await otherVirsh(['domuuid', '--domain', domain])).trim())
    const used = await t.call('volumes.usedBy', { hostId, pool })
    expect(used.find((u) => u.name === vol)?.users).toEqual([{ vm: domain, target: 'vda', running: false }])
    expect(used.find((u) => u.name === `${vol} copy`)?.users).toEqual([])

    await otherVirsh(['start', '--domain', domain])
    const busy = await failure(
      t.call('volumes.resize', { hostId, pool, name: vol, capacityBytes: 64 * 2 ** 20 }),
    )
    expect(busy.code).toBe('CONFLICT')
    expect(busy.message).toContain(`is the disk of a running VM: “${domain}” (vda, running)`)
    await otherVirsh(['destroy', '--domain', domain])

    const refused = await failure(t.call('pools.delete', { hostId, name: pool }))
    expect(refused.code).toBe('CONFLICT')
    expect(refused.message).toContain(`“${domain}” (vda)`)
    expect((await t.call('pools.list', { hostId })).some((p) => p.name === pool)).toBe(true)
  }, 60_000)

  it('refreshes, then deletes the pool once no VM uses it (its files stay)', async () => {
    for (const uuid of domains.splice(0)) await removeDomain(uuid)
    const refreshed = await t.call('pools.refresh', { hostId, name: pool })
    expect(refreshed.find((p) => p.name === pool)?.active).toBe(true)
    const after = await t.call('pools.delete', { hostId, name: pool })
    expect(after.some((p) => p.name === pool)).toBe(false)
    expect(existsSync(join(dir, 'pool dir $(x)'))).toBe(true)
    const gone = await failure(t.call('pools.delete', { hostId, name: pool }))
    expect(gone.code).toBe('NOT_FOUND')
  }, 30_000)
})
