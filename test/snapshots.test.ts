/**
 * Snapshots on the real libvirtd + QEMU (qemu:///system, libvirt 9.0 here) through the app's router,
 * as the renderer and the CLI call them: an internal snapshot of a qcow2 BIOS VM whose disk content
 * really goes back on revert (a marker written and read with qemu-io), delete keeping children
 * valid, and each refusal explained in words. No mocks.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp } from './support/app.js'
import type { TestApp } from './support/app.js'
import {
  defineXml,
  diskDir,
  diskDomainXml,
  hasMarker,
  makeImage,
  removeWithSnapshots,
  writeMarker,
} from './support/disk-domains.js'
import { lockLibvirtd, otherVirsh, uniqueName } from './support/libvirt.js'

let t: TestApp
let release: () => Promise<void>
let removeDir: () => Promise<void>
let dir: string
const created: string[] = []
const LOCAL = 'local'

beforeAll(async () => {
  release = await lockLibvirtd('shared')
  t = startTestApp()
  ;({ dir, remove: removeDir } = await diskDir('virtdeck-snap-'))
}, 60_000)

afterAll(async () => {
  for (const uuid of created) await removeWithSnapshots(uuid)
  await removeDir?.()
  await t?.close()
  await release?.()
}, 60_000)

async function localHost(): Promise<string> {
  const hosts = await t.call('hosts.list', {})
  const local = hosts.find((h) => h.kind === LOCAL)
  if (local === undefined) throw new Error('no local host')
  return local.id
}

async function vmWithDisk(
  format: 'qcow2' | 'raw',
  hostile = true,
): Promise<{ name: string; uuid: string; disk: string }> {
  const name = uniqueName('vd-snap', hostile)
  const disk = join(dir, `${created.length}.${format}`)
  await makeImage(disk, format)
  const uuid = await defineXml(diskDomainXml(name, disk, format), dir, name)
  created.push(uuid)
  return { name, uuid, disk }
}

describe('internal snapshots of a shut-off qcow2 BIOS VM', () => {
  it('create, revert (the disk content really goes back), delete keeping the children valid, audited', async () => {
    const hostId = await localHost()
    const { name, uuid, disk } = await vmWithDisk('qcow2')
    const vm = { hostId, uuid, name }
    await writeMarker(disk, 'qcow2', '0x11')

    const empty = await t.call('snapshots.list', vm)
    expect(empty.snapshots).toEqual([])
    expect(empty.policy).toMatchObject({ internal: { allowed: true }, defaultKind: 'internal' })
    expect(empty.policy.libvirtVersion).toMatch(/^\d+\.\d+\.\d+$/)

    const first = `before "upgrade" $(x); é`
    const made = await t.call('snapshots.create', {
      ...vm,
      snapshot: { name: first, description: 'all 0x11' },
    })
    expect(made.snapshot).toMatchObject({
      name: first,
      description: 'all 0x11',
      current: true,
      location: 'internal',
      memory: 'none',
      diskOnly: false,
      state: 'shutoff',
      revert: { allowed: true },
      delete: { allowed: true },
    })
    expect(Date.now() - Date.parse(made.snapshot.createdAt)).toBeLessThan(120_000)

    await writeMarker(disk, 'qcow2', '0xab')
    expect(await hasMarker(disk, 'qcow2', '0xab')).toBe(true)
    const reverted = await t.call('snapshots.revert', { ...vm, snapshot: first })
    expect(reverted.state).toBe('shutoff')
    expect(reverted.lost.join('\n')).toContain('Everything written to the disks')
    expect(await hasMarker(disk, 'qcow2', '0x11')).toBe(true)
    expect(await hasMarker(disk, 'qcow2', '0xab')).toBe(false)

    // A chain first → second → third, each with its own marker.
    await writeMarker(disk, 'qcow2', '0x22')
    await t.call('snapshots.create', { ...vm, snapshot: { name: 'second' } })
    await writeMarker(disk, 'qcow2', '0x33')
    await t.call('snapshots.create', { ...vm, snapshot: { name: 'third' } })
    const chain = await t.call('snapshots.list', vm)
    expect(chain.snapshots.map((s) => [s.name, s.parent ?? null, s.children, s.current])).toEqual([
      [first, null, ['second'], false],
      ['second', first, ['third'], false],
      ['third', 'second', [], true],
    ])
    expect(chain.current).toBe('third')

    const deleted = await t.call('snapshots.delete', { ...vm, snapshot: 'second' })
    expect(deleted).toEqual({ deleted: 'second', reparented: ['third'] })
    const after = await t.call('snapshots.list', vm)
    expect(after.snapshots.map((s) => [s.name, s.parent ?? null])).toEqual([
      [first, null],
      ['third', first],
    ])
    // The child is still whole: reverting to it brings its marker back.
    await writeMarker(disk, 'qcow2', '0x44')
    await t.call('snapshots.revert', { ...vm, snapshot: 'third' })
    expect(await hasMarker(disk, 'qcow2', '0x33')).toBe(true)
    await t.call('snapshots.revert', { ...vm, snapshot: first })
    expect(await hasMarker(disk, 'qcow2', '0x11')).toBe(true)

    await t.call('snapshots.delete', { ...vm, snapshot: first })
    expect((await t.call('snapshots.list', vm)).snapshots.map((s) => [s.name, s.parent ?? null])).toEqual([
      ['third', null],
    ])
    await t.call('snapshots.delete', { ...vm, snapshot: 'third' })
    expect((await t.call('snapshots.list', vm)).snapshots).toEqual([])

    const audit = (await t.call('audit.list', { limit: 50 }))
      .filter((e) => e.target === name)
      .map((e) => `${e.action}:${e.outcome}:${e.detail ?? ''}`)
      .reverse()
    expect(audit).toEqual([
      `snapshot.create:ok:${first}`,
      `snapshot.revert:ok:${first}`,
      'snapshot.create:ok:second',
      'snapshot.create:ok:third',
      'snapshot.delete:ok:second',
      'snapshot.revert:ok:third',
      `snapshot.revert:ok:${first}`,
      `snapshot.delete:ok:${first}`,
      'snapshot.delete:ok:third',
    ])
  }, 120_000)
})

describe('a running VM', () => {
  it('internal snapshot with its memory: checked for room, taken, reverted to running; never without memory', async () => {
    const hostId = await localHost()
    const { name, uuid } = await vmWithDisk('qcow2')
    const vm = { hostId, uuid, name }
    await otherVirsh(['start', '--domain', uuid])
    const list = await t.call('snapshots.list', vm)
    expect(list.vm.state).toBe('running')
    expect(list.policy.memory).toEqual({ allowed: true })
    await expect(t.call('snapshots.create', { ...vm, snapshot: { name: 'disks' } })).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: expect.stringContaining(
        'An internal snapshot of a running VM always saves its memory',
      ) as unknown,
    })
    const made = await t.call('snapshots.create', { ...vm, snapshot: { name: 'live', memory: true } })
    expect(made.snapshot).toMatchObject({
      name: 'live',
      memory: 'internal',
      state: 'running',
      location: 'internal',
    })
    expect(made.snapshot.revertLoses.join('\n')).toContain(`What ${name} is running now`)
    await otherVirsh(['destroy', '--domain', uuid])
    const reverted = await t.call('snapshots.revert', { ...vm, snapshot: 'live' })
    expect(reverted.state).toBe('running')
    expect(await otherVirsh(['domstate', '--domain', uuid])).toContain('running')
    await otherVirsh(['destroy', '--domain', uuid])
    await t.call('snapshots.delete', { ...vm, snapshot: 'live' })
    expect((await t.call('snapshots.list', vm)).snapshots).toEqual([])
  }, 120_000)
})

describe('refusals, each explained in words before libvirt is asked', () => {
  it('a raw disk cannot hold an internal snapshot', async () => {
    const hostId = await localHost()
    const { name, uuid, disk } = await vmWithDisk('raw', false)
    const vm = { hostId, uuid, name }
    const list = await t.call('snapshots.list', vm)
    expect(list.policy.internal).toEqual({
      allowed: false,
      reason: expect.stringContaining(
        `Internal snapshots are stored inside qcow2 disks, and vda (raw, ${disk}) is not qcow2`,
      ) as unknown,
    })
    await expect(
      t.call('snapshots.create', { ...vm, snapshot: { name: 'x', kind: 'internal' } }),
    ).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: expect.stringContaining('not qcow2') as unknown,
      detail: 'Nothing was changed.',
    })
    expect(await otherVirsh(['snapshot-list', '--domain', uuid, '--name'])).toMatch(/^\s*$/)
  }, 60_000)

  it('external snapshots before libvirt 9.9, memory of a shut-off VM, mixing, an unknown snapshot', async () => {
    const hostId = await localHost()
    const { name, uuid } = await vmWithDisk('qcow2', false)
    const vm = { hostId, uuid, name }
    const list = await t.call('snapshots.list', vm)
    expect(list.policy.libvirtVersion).toBe('9.0.0')
    expect(list.policy.external).toMatchObject({
      allowed: false,
      reason: expect.stringContaining('needs libvirt 9.9.0') as unknown,
    })
    await expect(t.call('snapshots.create', { ...vm, snapshot: { kind: 'external' } })).rejects.toMatchObject(
      {
        code: 'UNSUPPORTED',
        message: expect.stringContaining(
          'could neither revert to an external snapshot nor delete one',
        ) as unknown,
      },
    )
    expect(list.policy.memory).toMatchObject({
      allowed: false,
      reason: expect.stringContaining('is shut off: there is no memory to save') as unknown,
    })
    await expect(t.call('snapshots.create', { ...vm, snapshot: { memory: true } })).rejects.toMatchObject({
      message: expect.stringContaining('no memory to save') as unknown,
    })
    await expect(t.call('snapshots.revert', { ...vm, snapshot: 'nope' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: `${name} has no snapshot named “nope” on This computer`,
    })

    // Someone else takes an external snapshot outside VirtDeck: VirtDeck will not mix, revert or delete.
    await otherVirsh(['snapshot-create-as', '--domain', uuid, '--name', 'outside', '--disk-only'])
    const mixed = await t.call('snapshots.list', vm)
    expect(mixed.snapshots[0]).toMatchObject({
      name: 'outside',
      location: 'external',
      revert: {
        allowed: false,
        reason: expect.stringContaining(
          'Reverting to an external snapshot needs libvirt 9.9.0 or newer; this host has libvirt 9.0.0',
        ) as unknown,
      },
      delete: {
        allowed: false,
        reason: expect.stringContaining('Deleting an external snapshot needs libvirt 9.9.0') as unknown,
      },
    })
    expect(mixed.policy.internal).toMatchObject({
      allowed: false,
      reason: expect.stringContaining('already has external snapshots (“outside”)') as unknown,
    })
    expect(mixed.policy.defaultKind).toBeUndefined()
    await expect(
      t.call('snapshots.create', { ...vm, snapshot: { name: 'inside', kind: 'internal' } }),
    ).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: expect.stringContaining('Mixing internal and external snapshots') as unknown,
    })
    await expect(t.call('snapshots.revert', { ...vm, snapshot: 'outside' })).rejects.toMatchObject({
      message: expect.stringContaining('needs libvirt 9.9.0') as unknown,
    })
    await expect(t.call('snapshots.delete', { ...vm, snapshot: 'outside' })).rejects.toMatchObject({
      message: expect.stringContaining('needs libvirt 9.9.0') as unknown,
    })
    expect((await otherVirsh(['snapshot-list', '--domain', uuid, '--name'])).trim()).toBe('outside')
    const audit = (await t.call('audit.list', { limit: 50 }))
      .filter((e) => e.target === name)
      .map((e) => `${e.action}:${e.outcome}`)
    expect(audit).toContain('snapshot.delete:failed')
  }, 60_000)
})
