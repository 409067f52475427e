/**
 * `virtdeck snapshot` and `virtdeck clone` as child processes (bin/virtdeck.mjs) on a temp profile,
 * against this machine's libvirtd (qemu:///system). Standard input is not a terminal: a revert
 * without --yes must refuse rather than wait.
 */
import { mkdtempSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SnapshotTree } from '@shared/snapshots.js'
import type { VmCloneResult } from '@shared/vm-clone.js'
import { runVirtdeck } from './support/cli.js'
import {
  defineXml,
  diskDir,
  diskDomainXml,
  hasMarker,
  makeImage,
  removeWithSnapshots,
  writeMarker,
} from './support/disk-domains.js'
import { lockLibvirtd, uniqueName } from './support/libvirt.js'

const dataDir = mkdtempSync(join(tmpdir(), 'virtdeck-cli-snap-'))
let release: () => Promise<void>
let removeDir: () => Promise<void>
let dir: string
const created: string[] = []

beforeAll(async () => {
  release = await lockLibvirtd('shared')
  ;({ dir, remove: removeDir } = await diskDir('virtdeck-cli-snap-disks-'))
}, 60_000)

afterAll(async () => {
  for (const uuid of created) await removeWithSnapshots(uuid)
  await removeDir?.()
  await rm(dataDir, { recursive: true, force: true })
  await release?.()
}, 60_000)

describe('virtdeck snapshot and clone', () => {
  it('lists the tree, takes, reverts (asking first), refuses with reasons, deletes; clones linked', async () => {
    const name = uniqueName('vd-cli-snap', true)
    const disk = join(dir, 'a.qcow2')
    await makeImage(disk, 'qcow2')
    await writeMarker(disk, 'qcow2', '0x11')
    created.push(await defineXml(diskDomainXml(name, disk, 'qcow2'), dir, name))
    const virtdeck = (args: string[]): ReturnType<typeof runVirtdeck> => runVirtdeck(args, dataDir)

    const empty = await virtdeck(['snapshot', 'list', name, '--json'])
    expect(empty.code).toBe(0)
    expect((JSON.parse(empty.stdout) as SnapshotTree).snapshots).toEqual([])

    const took = await virtdeck(['snapshot', 'create', name, 'clean', '--description', 'fresh disk'])
    expect(took.stderr).toBe('')
    expect(took.stdout).toBe(`Took snapshot “clean” of ${name} (internal, disks only).\n`)
    const list = await virtdeck(['snapshot', 'list', name])
    expect(list.stdout).toMatch(
      /^\* clean\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+shutoff\s+no\s+internal\s+fresh disk$/m,
    )
    expect(list.stdout).toContain('  internal snapshots: yes')
    expect(list.stdout).toContain(
      '  external snapshots: no — libvirt 9.0.0 on this host could neither revert',
    )

    await writeMarker(disk, 'qcow2', '0xab')
    const asked = await virtdeck(['snapshot', 'revert', name, 'clean'])
    expect(asked.code).toBe(2)
    expect(asked.stderr).toContain(`Reverting ${name} to “clean” throws away:`)
    expect(asked.stderr).toContain('confirm with --yes')
    expect(await hasMarker(disk, 'qcow2', '0xab')).toBe(true)
    const reverted = await virtdeck(['snapshot', 'revert', name, 'clean', '--yes'])
    expect(reverted.stdout).toBe(`Reverted ${name} to “clean”; it is now shutoff.\n`)
    expect(await hasMarker(disk, 'qcow2', '0x11')).toBe(true)

    const refused = await virtdeck(['snapshot', 'create', name, 'ext', '--external'])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(
      /^virtdeck: libvirt 9\.0\.0 on this host could neither revert to an external snapshot/,
    )

    const linked = await virtdeck(['clone', name, `${name} linked`, '--linked', '--json'])
    expect(linked.code).toBe(0)
    const clone = JSON.parse(linked.stdout) as VmCloneResult
    created.push(clone.uuid)
    expect(clone.disks[0]).toMatchObject({ backing: disk, format: 'qcow2' })

    const deleted = await virtdeck(['snapshot', 'delete', name, 'clean', '--yes'])
    expect(deleted.stdout).toBe(`Deleted snapshot “clean” of ${name}.\n`)
  }, 120_000)
})
