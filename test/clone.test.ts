/**
 * Cloning a shut-off VM on the real libvirtd + QEMU (qemu:///system) through the app's router:
 * full copy and linked clone (qemu-img), new UUID and MAC, its own disk file with the original's
 * content, progress, and a cancel mid-copy that leaves no file and no domain behind. No mocks.
 */
import { existsSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readDomainXml } from '../src/main/libvirt/domain-xml-read.js'
import { startTestApp } from './support/app.js'
import type { TestApp } from './support/app.js'
import {
  defineXml,
  diskDir,
  diskDomainXml,
  hasMarker,
  imageInfo,
  makeImage,
  removeWithSnapshots,
  writeMarker,
} from './support/disk-domains.js'
import { defineTiny, lockLibvirtd, otherVirsh, uniqueName } from './support/libvirt.js'
import { AppError } from '@shared/errors.js'

let t: TestApp
let release: () => Promise<void>
let removeDir: () => Promise<void>
let dir: string
const created: string[] = []

beforeAll(async () => {
  release = await lockLibvirtd('shared')
  t = startTestApp()
  ;({ dir, remove: removeDir } = await diskDir('virtdeck-clone-'))
}, 60_000)

afterAll(async () => {
  for (const uuid of created) await removeWithSnapshots(uuid)
  await removeDir?.()
  await t?.close()
  await release?.()
}, 60_000)

async function original(size = '16M'): Promise<{ hostId: string; uuid: string; name: string; disk: string }> {
  const hostId = (await t.call('hosts.list', {})).find((h) => h.kind === 'local')?.id ?? 'local'
  const name = uniqueName('vd-clone', true)
  const disk = join(dir, `${created.length}-orig.qcow2`)
  await makeImage(disk, 'qcow2', size)
  await writeMarker(disk, 'qcow2', '0x5a')
  const uuid = await defineXml(diskDomainXml(name, disk, 'qcow2', { nic: true }), dir, name)
  created.push(uuid)
  return { hostId, uuid, name, disk }
}

async function domainFacts(uuid: string): Promise<ReturnType<typeof readDomainXml>> {
  return readDomainXml(await otherVirsh(['dumpxml', '--domain', uuid, '--inactive']))
}

describe('clone a shut-off VM', () => {
  it('full copy: defined, new UUID and MAC, its own disk file with the same content, progress', async () => {
    const vm = await original()
    const name = `${vm.name} copy`
    const progress: string[] = []
    const result = await t.call(
      'vms.clone',
      { hostId: vm.hostId, uuid: vm.uuid, name: vm.name, clone: { name, mode: 'copy' } },
      (p) => progress.push(p.message),
    )
    created.push(result.uuid)
    expect(result.uuid).not.toBe(vm.uuid)
    const [orig, clone] = await Promise.all([domainFacts(vm.uuid), domainFacts(result.uuid)])
    expect(clone.name).toBe(name)
    expect(clone.uuid).toBe(result.uuid)
    expect(clone.nics[0]?.mac).toBe(result.macs[0])
    expect(clone.nics[0]?.mac).not.toBe(orig.nics[0]?.mac)
    const path = clone.disks[0]?.path ?? ''
    expect(path).toBe(result.disks[0]?.path)
    expect(path).not.toBe(vm.disk)
    expect(path.startsWith(`${dir}/`)).toBe(true)
    expect(await imageInfo(path)).not.toHaveProperty('backing-filename')
    expect(await hasMarker(path, 'qcow2', '0x5a')).toBe(true)
    // Separate files: writing the clone leaves the original as it was.
    await writeMarker(path, 'qcow2', '0x77')
    expect(await hasMarker(vm.disk, 'qcow2', '0x5a')).toBe(true)
    expect(progress[0]).toBe('Checking the VM')
    expect(progress).toContain('Defining the clone')
    expect(progress.some((m) => /^Copying disk vda \(1 of 1\)/.test(m))).toBe(true)
    const audit = (await t.call('audit.list', { limit: 10 })).find((e) => e.action === 'domain.clone')
    expect(audit).toMatchObject({ target: vm.name, outcome: 'ok', detail: `${name} (copy)` })
  }, 60_000)

  it('linked: a qcow2 overlay whose backing file is the original', async () => {
    const vm = await original()
    const name = uniqueName('vd-linked')
    const result = await t.call('vms.clone', {
      hostId: vm.hostId,
      uuid: vm.uuid,
      clone: { name, mode: 'linked' },
    })
    created.push(result.uuid)
    const path = result.disks[0]?.path ?? ''
    expect(result.disks[0]).toMatchObject({ source: vm.disk, format: 'qcow2', backing: vm.disk })
    expect(await imageInfo(path)).toMatchObject({ format: 'qcow2', 'backing-filename': vm.disk })
    expect(await hasMarker(path, 'qcow2', '0x5a')).toBe(true)
    expect((await domainFacts(result.uuid)).disks[0]).toMatchObject({ path, format: 'qcow2' })
  }, 60_000)

  it('refuses a running VM, a taken name; a cancel mid-copy leaves no file and no domain', async () => {
    const running = uniqueName('vd-running')
    const runningUuid = await defineTiny(running)
    created.push(runningUuid)
    await otherVirsh(['start', '--domain', runningUuid])
    await expect(
      t.call('vms.clone', { hostId: 'local', uuid: runningUuid, clone: { name: `${running}-2` } }),
    ).rejects.toMatchObject({ code: 'CONFLICT', message: `Shut “${running}” off before cloning it` })
    await otherVirsh(['destroy', '--domain', runningUuid])

    const vm = await original('1G')
    // Fill the image so the copy takes long enough to cancel (qemu-img skips unallocated clusters).
    const { execFile } = await import('node:child_process')
    await new Promise<void>((resolve, reject) =>
      execFile('qemu-io', ['-f', 'qcow2', '-c', 'write -P 0x1 0 256M', vm.disk], (error) =>
        error ? reject(error) : resolve(),
      ),
    )
    await expect(
      t.call('vms.clone', { hostId: vm.hostId, uuid: vm.uuid, clone: { name: vm.name } }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('already exists') as unknown,
    })
    const before = await readdir(dir)
    const name = uniqueName('vd-cancel')
    const opId = 'clone-cancel'
    let cancelledAt = -1
    const call = t.app.router.handle(
      { channel: 'vms.clone', input: { hostId: vm.hostId, uuid: vm.uuid, clone: { name } }, opId },
      {
        sendProgress: (_id, p) => {
          if (cancelledAt < 0 && (p.fraction ?? 0) > 0 && /^Copying/.test(p.message)) {
            cancelledAt = p.fraction ?? 0
            t.app.router.cancel(opId)
          }
        },
      },
    )
    const envelope = await call
    expect(envelope.ok).toBe(false)
    if (!envelope.ok) expect(AppError.fromPayload(envelope.error).code).toBe('CANCELLED')
    expect(cancelledAt).toBeGreaterThan(0)
    expect(cancelledAt).toBeLessThan(1)
    expect(await readdir(dir)).toEqual(before)
    expect(existsSync(join(dir, `${name}-vda.qcow2`))).toBe(false)
    await expect(otherVirsh(['domuuid', '--domain', name])).rejects.toThrow(/failed to get domain|not found/i)
    const audit = (await t.call('audit.list', { limit: 10 })).find((e) => e.action === 'domain.clone')
    expect(audit).toMatchObject({ outcome: 'cancelled' })
  }, 120_000)
})
