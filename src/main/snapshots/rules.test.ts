import { describe, expect, it } from 'vitest'
import type { SnapshotRecord } from './model.js'
import { libvirtVersionFrom, orderTree, parseSnapshotXml, versionAtLeast } from './model.js'
import type { VmSnapshotFacts } from './rules.js'
import { createVerdict, memoryRoomNeeded, revertLosses, revertVerdict, snapshotPolicy } from './rules.js'

/**
 * The snapshot rules on built facts, for the cases no machine here can set up for real (libvirt
 * 10.9 and 9.9, UEFI with raw or qcow2 NVRAM, a full disk, a running VM); the real cases run against
 * libvirtd in test/snapshots.test.ts.
 */

const GiB = 1024 ** 3
const qcow2 = {
  target: 'vda',
  device: 'disk',
  sourceType: 'file',
  path: '/img/a.qcow2',
  format: 'qcow2',
  readonly: false,
}

function facts(patch: Partial<VmSnapshotFacts> = {}): VmSnapshotFacts {
  return {
    vmName: 'web',
    state: 'shutoff',
    libvirtVersion: '9.0.0',
    disks: [
      qcow2,
      {
        target: 'sda',
        device: 'cdrom',
        sourceType: 'file',
        path: '/iso/x.iso',
        format: 'raw',
        readonly: true,
      },
    ],
    uefi: false,
    memoryBytes: 2 * GiB,
    ...patch,
  }
}

function record(name: string, patch: Partial<SnapshotRecord> = {}): SnapshotRecord {
  return {
    name,
    createdAt: '2026-01-01T10:00:00.000Z',
    state: 'shutoff',
    location: 'internal',
    memory: 'none',
    diskOnly: false,
    ...patch,
  }
}

const reason = (v: { allowed: boolean; reason?: string }): string | undefined =>
  v.allowed ? undefined : v.reason

describe('internal snapshots', () => {
  it('are allowed on qcow2 disks (a read-only raw ISO does not count)', () => {
    expect(snapshotPolicy(facts(), [])).toMatchObject({
      internal: { allowed: true },
      defaultKind: 'internal',
    })
  })

  it('need every writable disk to be qcow2, and name the ones that are not', () => {
    const f = facts({ disks: [qcow2, { ...qcow2, target: 'vdb', path: '/img/b.img', format: 'raw' }] })
    expect(reason(snapshotPolicy(f, []).internal)).toBe(
      'Internal snapshots are stored inside qcow2 disks, and vdb (raw, /img/b.img) is not qcow2. Convert it ' +
        '(qemu-img convert -O qcow2, with the VM shut off) or take an external snapshot.',
    )
  })

  it('UEFI: refused before libvirt 10.9 whatever the NVRAM, with the reason and the way out', () => {
    const f = facts({ uefi: true, nvram: { path: '/var/lib/libvirt/qemu/nvram/web_VARS.fd', format: 'raw' } })
    expect(reason(snapshotPolicy(f, []).internal)).toBe(
      'web boots with UEFI, and its NVRAM /var/lib/libvirt/qemu/nvram/web_VARS.fd is a raw flash file, which ' +
        'cannot hold an internal snapshot: libvirt 9.0.0 on this host refuses them (libvirt 10.9.0 and newer ' +
        'accept UEFI VMs whose NVRAM is qcow2). Take an external snapshot instead.',
    )
  })

  it('UEFI from libvirt 10.9: refused with a raw NVRAM, allowed with a qcow2 one', () => {
    const raw = facts({ uefi: true, libvirtVersion: '10.9.0', nvram: { format: 'raw' } })
    expect(reason(snapshotPolicy(raw, []).internal)).toContain(
      'is a raw file, which cannot hold an internal snapshot',
    )
    const q = facts({ uefi: true, libvirtVersion: '11.0.0', nvram: { format: 'qcow2' } })
    expect(snapshotPolicy(q, []).internal).toEqual({ allowed: true })
  })

  it('of a running VM always include the memory', () => {
    expect(reason(createVerdict(facts({ state: 'running' }), [], 'internal', false))).toContain(
      'An internal snapshot of a running VM always saves its memory',
    )
  })
})

describe('external snapshots', () => {
  it('are refused before libvirt 9.9 (they could be neither reverted nor deleted)', () => {
    expect(reason(snapshotPolicy(facts(), []).external)).toContain('needs libvirt 9.9.0 or newer')
    expect(snapshotPolicy(facts({ libvirtVersion: '9.9.0' }), []).external).toEqual({ allowed: true })
  })

  it('revert and delete of one are refused before 9.9, allowed after', () => {
    const ext = record('e', { location: 'external' })
    expect(reason(revertVerdict(facts(), ext))).toBe(
      'Reverting to an external snapshot needs libvirt 9.9.0 or newer; this host has libvirt 9.0.0. Nothing ' +
        'was changed; update libvirt on the host to do this.',
    )
    expect(revertVerdict(facts({ libvirtVersion: '10.0.0' }), ext)).toEqual({ allowed: true })
    expect(revertVerdict(facts(), record('i'))).toEqual({ allowed: true })
  })

  it('need file disks', () => {
    const f = facts({
      libvirtVersion: '10.0.0',
      disks: [{ ...qcow2, sourceType: 'block', path: '/dev/vg/x' }],
    })
    expect(reason(snapshotPolicy(f, []).external)).toContain('vda (block) is not a file')
  })
})

describe('never both kinds on one VM', () => {
  it('a VM with external snapshots gets no internal one, and the reverse', () => {
    const f = facts({ libvirtVersion: '10.0.0' })
    const withExternal = snapshotPolicy(f, [record('e1', { location: 'external' })])
    expect(reason(withExternal.internal)).toBe(
      "web already has external snapshots (“e1”). Mixing internal and external snapshots on one VM has lost users' " +
        'data (virt-manager reports): take external ones, or delete the external ones first.',
    )
    expect(withExternal.defaultKind).toBe('external')
    const withInternal = snapshotPolicy(f, [record('i1'), record('i2'), record('i3'), record('i4')])
    expect(reason(withInternal.external)).toContain(
      'already has internal snapshots (“i1”, “i2”, “i3” and 1 more)',
    )
    expect(withInternal.defaultKind).toBe('internal')
  })
})

describe('memory snapshots', () => {
  it('need a running VM and the room for its memory', () => {
    expect(reason(snapshotPolicy(facts(), []).memory)).toBe(
      'web is shut off: there is no memory to save; the snapshot holds its disks.',
    )
    const running = facts({ state: 'running', free: { bytes: 10 * GiB, where: '/img' } })
    expect(createVerdict(running, [], 'internal', true)).toEqual({ allowed: true })
    const full = facts({ state: 'running', free: { bytes: GiB, where: '/img' } })
    expect(reason(createVerdict(full, [], 'internal', true))).toBe(
      'Saving the memory of web needs about 2.3 GiB free at /img; only 1 GiB is free. Free some space, or take a ' +
        'snapshot without memory.',
    )
    expect(memoryRoomNeeded(GiB)).toBeGreaterThan(GiB)
  })
})

describe('what a revert loses', () => {
  it('says it in words: writes since, the running state, settings, and that it ends shut off', () => {
    const lost = revertLosses(facts({ state: 'running' }), record('before upgrade'))
    expect(lost).toEqual([
      'Everything written to the disks of web since “before upgrade” was taken (2026-01-01 10:00:00 UTC).',
      'What web is running now: open programs and unsaved work in the guest.',
      "Changes to the VM's settings since then: the definition saved with the snapshot comes back.",
      'web ends up shut off: “before upgrade” holds no memory to resume from.',
    ])
    expect(revertLosses(facts(), record('m', { memory: 'internal', state: 'running' }))).toHaveLength(2)
  })
})

describe('the model', () => {
  it('reads libvirt’s snapshot XML (internal, external with memory, disk-only)', () => {
    expect(
      parseSnapshotXml(
        `<domainsnapshot>\n  <name>a &amp; b</name>\n  <description>x</description>\n  <state>running</state>\n` +
          `  <parent>\n    <name>root</name>\n  </parent>\n  <creationTime>1796587946</creationTime>\n` +
          `  <memory snapshot='internal'/>\n  <disks>\n    <disk name='vda' snapshot='internal'/>\n  </disks>\n` +
          `  <domain type='qemu'><name>web</name></domain>\n</domainsnapshot>`,
      ),
    ).toEqual({
      name: 'a & b',
      description: 'x',
      createdAt: '2026-12-06T20:12:26.000Z',
      state: 'running',
      parent: 'root',
      location: 'internal',
      memory: 'internal',
      diskOnly: false,
    })
    const ext = parseSnapshotXml(
      `<domainsnapshot><name>e</name><state>disk-snapshot</state><creationTime>0</creationTime>` +
        `<memory snapshot='no'/><disks><disk name='vda' snapshot='external' type='file'>` +
        `<source file='/img/a.e'/></disk></disks></domainsnapshot>`,
    )
    expect(ext).toMatchObject({ location: 'external', memory: 'none', diskOnly: true })
  })

  it('orders the tree parents first, siblings oldest first; an unknown parent makes a root', () => {
    const tree = orderTree([
      record('c', { parent: 'a', createdAt: '2026-01-03T00:00:00.000Z' }),
      record('b', { parent: 'a', createdAt: '2026-01-02T00:00:00.000Z' }),
      record('a'),
      record('orphan', { parent: 'gone' }),
    ])
    expect(tree.map((n) => [n.record.name, n.children])).toEqual([
      ['a', ['b', 'c']],
      ['b', []],
      ['c', []],
      ['orphan', []],
    ])
  })

  it('compares versions and reads the daemon’s', () => {
    expect(versionAtLeast('10.10.0', '10.9.0')).toBe(true)
    expect(versionAtLeast('9.10.0', '10.9.0')).toBe(false)
    expect(versionAtLeast('9.9.0', '9.9.0')).toBe(true)
    expect(
      libvirtVersionFrom(
        'Compiled against library: libvirt 9.0.0\nUsing library: libvirt 9.0.0\nRunning against daemon: 10.9.0\n',
      ),
    ).toBe('10.9.0')
  })
})
