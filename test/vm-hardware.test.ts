/**
 * The Hardware tab on the real libvirtd (qemu:///system, QEMU TCG) through the app's router: every
 * kind of edit previewed, defined by libvirt, read back, and undone from the Changes page's channel
 * byte for byte; live edits on a running diskless domain; an outside change between preview and
 * apply refused. Own prefixed domains, pool and volumes, removed afterwards.
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HwEdit } from '@shared/vm-hardware.js'
import { startTestApp } from './support/app.js'
import type { TestApp } from './support/app.js'
import { failure } from './support/router.js'
import { defineXml, diskDir } from './support/disk-domains.js'
import {
  defineTiny,
  lockLibvirtd,
  otherVirsh,
  removeDomain,
  tinyDomainXml,
  uniqueName,
} from './support/libvirt.js'

let t: TestApp
let release: () => Promise<void>
let folder: { dir: string; remove: () => Promise<void> }
const pool = uniqueName('vd-hw-pool')
const created: string[] = []
const hostId = 'local'

beforeAll(async () => {
  release = await lockLibvirtd('shared')
  t = startTestApp()
  folder = await diskDir('vd-hw-')
  await writeFile(join(folder.dir, 'disc one.iso'), Buffer.alloc(64 * 1024, 1))
  await writeFile(join(folder.dir, 'disc two.iso'), Buffer.alloc(64 * 1024, 2))
  await otherVirsh(['pool-create-as', '--name', pool, '--type', 'dir', '--target', folder.dir])
}, 60_000)

afterAll(async () => {
  await Promise.all(created.map((uuid) => removeDomain(uuid)))
  await otherVirsh(['pool-destroy', '--pool', pool]).catch(() => undefined)
  await folder?.remove()
  await t?.close()
  await release?.()
}, 60_000)

const inactive = (uuid: string): Promise<string> => otherVirsh(['dumpxml', '--domain', uuid, '--inactive'])

async function applyEdit(
  vm: string,
  edit: HwEdit,
): Promise<Awaited<ReturnType<typeof t.call<'vmhw.apply'>>>> {
  const preview = await t.call('vmhw.preview', { hostId, vm, edit })
  expect(preview.problems).toEqual([])
  expect(preview.valid).toBe(true)
  expect(preview.diff).toMatch(/^\+/m)
  expect(preview.planId).toBeDefined()
  return t.call('vmhw.apply', { hostId, planId: preview.planId ?? '' })
}

describe('hardware edits on a shut-off VM', () => {
  it('each kind is accepted by libvirt, read back, and undone byte for byte', async () => {
    const name = uniqueName('vd-hw', true)
    const uuid = await defineTiny(name)
    created.push(uuid)
    const pci = (await t.call('vmhw.hostDevices', { hostId })).find((d) => d.kind === 'pci' && !d.gpu)
    expect(pci, 'this host lists at least one PCI function that is not a GPU or bridge').toBeDefined()
    const edits: [HwEdit, (v: Awaited<ReturnType<typeof t.call<'vmhw.view'>>>) => void][] = [
      [
        {
          kind: 'disk.add',
          source: { type: 'new', pool, name: 'vd-hw-new.qcow2', sizeGiB: 0.0625, format: 'qcow2' },
          bus: 'virtio',
          cache: 'none',
        },
        (v) =>
          expect(v.disks).toEqual([
            expect.objectContaining({
              target: 'vda',
              bus: 'virtio',
              format: 'qcow2',
              cache: 'none',
              source: join(folder.dir, 'vd-hw-new.qcow2'),
            }),
          ]),
      ],
      [
        { kind: 'cdrom.add', bus: 'sata', path: join(folder.dir, 'disc one.iso') },
        (v) =>
          expect(v.disks).toEqual([
            expect.objectContaining({
              device: 'cdrom',
              target: 'sda',
              source: join(folder.dir, 'disc one.iso'),
            }),
          ]),
      ],
      [
        { kind: 'nic.add', source: { type: 'network', name: 'default' }, model: 'e1000e' },
        (v) =>
          expect(v.nics).toEqual([
            expect.objectContaining({ type: 'network', source: 'default', model: 'e1000e', linkUp: true }),
          ]),
      ],
      [
        { kind: 'memory', currentMiB: 48, maxMiB: 96 },
        (v) => expect(v.memory).toEqual({ currentMiB: 48, maxMiB: 96 }),
      ],
      [{ kind: 'vcpus', current: 1, max: 2 }, (v) => expect(v.vcpus).toEqual({ current: 1, max: 2 })],
      [
        { kind: 'graphics', type: 'spice', listen: '127.0.0.1', password: "p'w $(x)" },
        // Read with --security-info (the plain dumpxml never shows a password); only "set" leaves main.
        (v) => expect(v.graphics).toEqual([{ type: 'spice', listen: '127.0.0.1', hasPassword: true }]),
      ],
      [{ kind: 'video', model: 'virtio' }, (v) => expect(v.video).toBe('virtio')],
      [
        { kind: 'tpm', version: '2.0' },
        (v) => expect(v.tpm).toMatchObject({ backend: 'emulator', version: '2.0' }),
      ],
      [
        { kind: 'fs.add', source: folder.dir, tag: 'shared' },
        (v) => {
          expect(v.filesystems).toEqual([{ source: folder.dir, tag: 'shared', driver: 'virtiofs' }])
          expect(v.sharedMemory).toBe(true)
        },
      ],
      [
        { kind: 'hostdev.add', device: { kind: 'pci', id: pci?.id ?? '' } },
        (v) => expect(v.hostdevs).toEqual([{ kind: 'pci', id: pci?.id }]),
      ],
    ]
    const timings: number[] = []
    for (const [edit, check] of edits) {
      const before = await inactive(uuid)
      const started = Date.now()
      const result = await applyEdit(name, edit)
      timings.push(Date.now() - started)
      expect(result.change.capability).toBe('vmhw')
      expect(result.change.domains[0]?.diff).not.toContain("p'w")
      check(await t.call('vmhw.view', { hostId, vm: name }))
      if (edit.kind === 'graphics')
        expect(await otherVirsh(['dumpxml', '--domain', uuid, '--inactive', '--security-info'])).toContain(
          "passwd='p&apos;w $(x)'",
        )
      expect(await inactive(uuid)).not.toBe(before)
      // The previous definition is in the XML history, labelled with the edit.
      expect((await t.call('vms.history', { hostId, uuid, name }))[0]?.reason).toMatch(/^Before: /)
      await t.call('changes.undo', { changeId: result.change.id, force: false })
      expect(await inactive(uuid)).toBe(before)
    }
    // Preview + apply of one edit, on this 2-core machine shared with other work.
    expect(Math.max(...timings)).toBeLessThan(5000)
    // Keep the volume the disk.add created: undo leaves it, as the preview said.
    expect(await otherVirsh(['vol-info', '--pool', pool, '--vol', 'vd-hw-new.qcow2'])).toMatch(/Capacity/)
  }, 180_000)

  it('boot order, bus/cache, grow and remove with the volume deleted', async () => {
    const name = uniqueName('vd-hw-disk')
    const uuid = await defineTiny(name)
    created.push(uuid)
    await applyEdit(name, {
      kind: 'disk.add',
      source: { type: 'new', pool, name: `${name}.qcow2`, sizeGiB: 0.0625, format: 'qcow2' },
      bus: 'virtio',
      cache: 'default',
    })
    await applyEdit(name, {
      kind: 'nic.add',
      source: { type: 'network', name: 'default' },
      model: 'virtio',
      mac: '52:54:00:fe:00:01',
    })
    const before = await inactive(uuid)
    const boot = await applyEdit(name, {
      kind: 'boot',
      order: ['nic:52:54:00:fe:00:01', 'disk:vda'],
      menu: true,
    })
    const view = await t.call('vmhw.view', { hostId, vm: name })
    expect(view.boot).toEqual({ menu: true, osDevices: [] })
    expect(view.nics[0]?.bootOrder).toBe(1)
    expect(view.disks[0]?.bootOrder).toBe(2)
    await t.call('changes.undo', { changeId: boot.change.id, force: false })
    expect(await inactive(uuid)).toBe(before)

    const bus = await applyEdit(name, { kind: 'disk.update', target: 'vda', bus: 'sata', cache: 'writeback' })
    expect((await t.call('vmhw.view', { hostId, vm: name })).disks[0]).toMatchObject({
      target: 'sda',
      bus: 'sata',
      cache: 'writeback',
    })
    await t.call('changes.undo', { changeId: bus.change.id, force: false })
    expect(await inactive(uuid)).toBe(before)

    // A MAC already used on the host is refused before anything is written.
    const dup = await failure(
      t.call('vmhw.preview', {
        hostId,
        vm: name,
        edit: {
          kind: 'nic.add',
          source: { type: 'network', name: 'default' },
          model: 'virtio',
          mac: '52:54:00:fe:00:01',
        },
      }),
    )
    expect(dup.message).toMatch(/already used by a VM/)

    const grown = await t.call('vmhw.resize', { hostId, vm: name, target: 'vda', sizeGiB: 0.125 })
    expect(grown).toMatchObject({ fromBytes: 64 * 1024 ** 2, toBytes: 128 * 1024 ** 2, live: false })
    const shrink = await failure(t.call('vmhw.resize', { hostId, vm: name, target: 'vda', sizeGiB: 0.0625 }))
    expect(shrink.message).toMatch(/would shrink it/)

    const removed = await applyEdit(name, { kind: 'disk.remove', target: 'vda', deleteVolume: true })
    expect(removed.live).toEqual([{ what: `Delete volume ${join(folder.dir, `${name}.qcow2`)}`, ok: true }])
    await expect(otherVirsh(['vol-info', '--pool', pool, '--vol', `${name}.qcow2`])).rejects.toThrow()
  }, 120_000)

  it('hostile paths and names reach no shell and are refused in words', async () => {
    const name = uniqueName('vd-hw-bad')
    created.push(await defineTiny(name))
    const e = await failure(
      t.call('vmhw.preview', {
        hostId,
        vm: name,
        edit: { kind: 'cdrom.add', bus: 'sata', path: '/tmp/$(touch /tmp/vd-hw-pwned).iso' },
      }),
    )
    expect(e.message).toMatch(/There is no file/)
    const rel = await failure(
      t.call('vmhw.preview', {
        hostId,
        vm: name,
        edit: { kind: 'fs.add', source: 'relative/../etc', tag: 'x' },
      }),
    )
    expect(rel.code).toBe('INVALID_INPUT')
    expect(rel.message + (rel.detail ?? '')).toMatch(/absolute/)
    const neg = await failure(
      t.call('vmhw.preview', { hostId, vm: name, edit: { kind: 'vcpus', current: -3, max: 1 } }),
    )
    expect(neg.message + (neg.detail ?? '')).toMatch(/at least 1; -3 is not/)
    // Beyond the host: a warning beside the preview, not a refusal (as virt-manager).
    const big = await t.call('vmhw.preview', {
      hostId,
      vm: name,
      edit: { kind: 'memory', currentMiB: 64, maxMiB: 16 * 1024 * 1024 },
    })
    expect(big.notes.join(' ')).toMatch(/16777216 MiB is more than the \d+ MiB this host has/)
    const many = await t.call('vmhw.preview', {
      hostId,
      vm: name,
      edit: { kind: 'vcpus', current: 1, max: 255 },
    })
    expect(many.notes.join(' ')).toMatch(/255 vCPUs is more than the \d+ CPUs of this host/)
  }, 60_000)

  it('an outside change between preview and apply is refused, nothing overwritten', async () => {
    const name = uniqueName('vd-hw-conflict')
    const uuid = await defineTiny(name)
    created.push(uuid)
    const preview = await t.call('vmhw.preview', {
      hostId,
      vm: name,
      edit: { kind: 'memory', currentMiB: 80, maxMiB: 80 },
    })
    await otherVirsh(['desc', '--domain', uuid, '--config', '--new-desc', 'changed outside'])
    const error = await failure(t.call('vmhw.apply', { hostId, planId: preview.planId ?? '' }))
    expect(error.code).toBe('CONFLICT')
    expect(await inactive(uuid)).toContain('changed outside')
    expect(await inactive(uuid)).toContain("<memory unit='KiB'>65536</memory>")
  }, 60_000)
})

describe('live edits on a running diskless VM', () => {
  it('NIC plug and link, CD-ROM change-media, setmem, and what waits for the boot', async () => {
    const name = uniqueName('vd-hw-live')
    // PCI hot-plug on the pc machine needs ACPI.
    const uuid = await defineXml(
      tinyDomainXml(name).replace('<os>', '<features><acpi/></features><os>'),
      folder.dir,
      name,
    )
    created.push(uuid)
    await applyEdit(name, { kind: 'cdrom.add', bus: 'sata' })
    await otherVirsh(['start', '--domain', uuid])
    const live = (): Promise<string> => otherVirsh(['dumpxml', '--domain', uuid])

    const nic = await applyEdit(name, {
      kind: 'nic.add',
      source: { type: 'network', name: 'default' },
      model: 'virtio',
      mac: '52:54:00:fe:00:02',
    })
    expect(nic.live).toEqual([{ what: 'Plug 52:54:00:fe:00:02 into the running VM', ok: true }])
    expect(await live()).toContain("<mac address='52:54:00:fe:00:02'/>")

    const down = await applyEdit(name, { kind: 'nic.update', mac: '52:54:00:fe:00:02', linkUp: false })
    expect(down.live.every((l) => l.ok)).toBe(true)
    expect(await otherVirsh(['domif-getlink', '--domain', uuid, '--interface', '52:54:00:fe:00:02'])).toMatch(
      /down/,
    )

    const iso = join(folder.dir, 'disc two.iso')
    const insert = await applyEdit(name, { kind: 'cdrom.media', target: 'sda', path: iso })
    expect(insert.live.every((l) => l.ok)).toBe(true)
    expect(await live()).toContain(`<source file='${iso}'`)
    const eject = await applyEdit(name, { kind: 'cdrom.media', target: 'sda', path: null })
    expect(eject.live.every((l) => l.ok)).toBe(true)
    expect(await live()).not.toContain(`<source file='${iso}'`)
    // Undo of the eject puts the disc back in the definition; the running VM waits for its boot.
    await t.call('changes.undo', { changeId: eject.change.id, force: false })
    expect((await t.call('vmhw.view', { hostId, vm: name })).restartNeeded).toContain(
      `CD-ROM sda is changed: empty now, ${iso} at the next boot`,
    )

    const mem = await applyEdit(name, { kind: 'memory', currentMiB: 48, maxMiB: 128 })
    expect(mem.live).toEqual([{ what: "Set the running VM's memory to 48 MiB (balloon)", ok: true }])
    // The balloon target is not "restart needed"; the new maximum is.
    expect(mem.restartNeeded).toEqual([
      'CD-ROM sda is changed: empty now, ' + iso + ' at the next boot',
      'Maximum memory 128 MiB',
    ])
    expect(await otherVirsh(['dommemstat', '--domain', uuid]).catch(() => '')).toBeDefined()
  }, 120_000)
})
