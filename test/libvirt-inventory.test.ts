/**
 * Inventory, details, XML editing with history, storage and networks against libvirt's test driver
 * (real libvirt and virsh, a fake hypervisor): broad cases, many domains, hostile names. No mocks.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LocalHost } from '../src/main/host/local-host.js'
import { DomainActions } from '../src/main/libvirt/domain-actions.js'
import { DomainCreator } from '../src/main/libvirt/domain-create.js'
import { DomainDetailsService } from '../src/main/libvirt/domain-details.js'
import { DomainInventory } from '../src/main/libvirt/domain-list.js'
import { DomainXmlEditor } from '../src/main/libvirt/domain-xml-edit.js'
import { LibvirtConnection } from '../src/main/libvirt/libvirt-connection.js'
import { NetworkService } from '../src/main/libvirt/networks.js'
import { StorageService } from '../src/main/libvirt/storage.js'
import { XmlHistoryRepo } from '../src/main/libvirt/xml-history-repo.js'
import { Auditor } from '../src/main/services/auditor.js'
import { AuditRepo } from '../src/main/store/audit-repo.js'
import { openDatabase } from '../src/main/store/database.js'
import type { Db } from '../src/main/store/database.js'
import { HOSTILE, nodeXml } from './support/libvirt.js'

const host = new LocalHost()
let dir: string
let db: Db
const connections: LibvirtConnection[] = []

function connect(uri: string): LibvirtConnection {
  const conn = new LibvirtConnection({
    host,
    uri,
    hostId: 'h1',
    where: 'this computer',
    auditor: new Auditor(new AuditRepo(db)),
  })
  connections.push(conn)
  return conn
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'virtdeck-libvirt-'))
  db = openDatabase(':memory:')
})

afterAll(async () => {
  await Promise.all(connections.map((c) => c.close()))
  db.close()
  await rm(dir, { recursive: true, force: true })
})

describe('inventory on the test driver', () => {
  const names = [
    'plain',
    `spaced${HOSTILE}`,
    '-leading-dash',
    ' leading blank',
    'trailing blank ',
    '1234x',
    'ünïcødé ☃',
  ]

  it('lists every domain with state, vCPUs, memory, autostart, persistence and OS', async () => {
    const file = join(dir, 'hostile.xml')
    await writeFile(file, nodeXml(0, { names, osId: 'http://ubuntu.com/ubuntu/22.04' }))
    const conn = connect(`test://${file}`)
    const inventory = new DomainInventory(conn)
    const list = await inventory.list({ withOs: true })
    expect(list.map((d) => d.name).sort()).toEqual([...names].sort())
    const spaced = list.find((d) => d.name === `spaced${HOSTILE}`)
    expect(spaced).toMatchObject({
      hostId: 'h1',
      state: 'running',
      vcpus: 2,
      memoryKiB: 2 * 131072,
      maxMemoryKiB: 2 * 262144,
      autostart: false,
      persistent: true,
    })
    expect(spaced?.os).toBeUndefined()
    expect(list.find((d) => d.name === 'plain')).toMatchObject({ state: 'shutoff', os: 'ubuntu 22.04' })

    // Each name works as a handle for the other services.
    const actions = new DomainActions(conn)
    for (const d of list) {
      expect((await inventory.get(d.name)).uuid, d.name).toBe(d.uuid)
      expect((await inventory.get({ uuid: d.uuid })).name).toBe(d.name)
    }
    await actions.setAutostart(`spaced${HOSTILE}`, true)
    await actions.suspend({ uuid: spaced?.uuid ?? '', name: spaced?.name ?? '' })
    const again = await inventory.get(`spaced${HOSTILE}`)
    expect(again).toMatchObject({ autostart: true, state: 'paused' })
    expect((await inventory.list()).find((d) => d.name === `spaced${HOSTILE}`)).toMatchObject({
      autostart: true,
      state: 'paused',
    })
  })

  it('loads 500 domains (the benchmark file) and answers NOT_FOUND for a missing one', async () => {
    const file = join(dir, '500.xml')
    await writeFile(file, nodeXml(500))
    const conn = connect(`test://${file}`)
    const inventory = new DomainInventory(conn)
    const list = await inventory.list()
    expect(list).toHaveLength(500)
    expect(list.filter((d) => d.state === 'shutoff')).toHaveLength(167)
    expect(list.find((d) => d.name === 'vm-0005')).toMatchObject({
      vcpus: 2,
      memoryKiB: 6 * 131072,
      maxMemoryKiB: 6 * 262144,
    })
    await expect(inventory.get('no-such-vm')).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'The virtual machine “no-such-vm” no longer exists on this computer',
    })
  })

  it('sees a VM defined through the same connection in the next load', async () => {
    const conn = connect('test:///default')
    const inventory = new DomainInventory(conn)
    expect((await inventory.list()).map((d) => d.name)).toEqual(['test'])
    await conn.withTempFile(
      "<domain type='test'><name>later</name><memory>65536</memory><vcpu>3</vcpu><os><type>hvm</type></os></domain>",
      (path) => conn.run(['define', '--file', path]),
    )
    expect((await inventory.list()).map((d) => [d.name, d.vcpus, d.state])).toEqual([
      ['test', 2, 'running'],
      ['later', 3, 'shutoff'],
    ])
  })

  it('has no CPU use without two samples of cpu.time (the test driver reports none)', async () => {
    const inventory = new DomainInventory(connect('test:///default'))
    await inventory.list()
    expect((await inventory.list())[0]?.cpuPercent).toBeUndefined()
  })
})

describe('lifecycle actions on the test driver', () => {
  it('runs each action, maps conflicts and missing domains, audits', async () => {
    const conn = connect('test:///default')
    const actions = new DomainActions(conn)
    const inventory = new DomainInventory(conn)
    await expect(actions.start('test')).rejects.toMatchObject({
      code: 'CONFLICT',
      message: '“test” is already running',
    })
    await actions.suspend('test')
    expect((await inventory.get('test')).state).toBe('paused')
    await actions.resume('test')
    await actions.shutdown('test')
    expect((await inventory.get('test')).state).toBe('shutoff')
    await expect(actions.destroy('test')).rejects.toMatchObject({
      code: 'CONFLICT',
      message: '“test” is not running',
    })
    await actions.start('test')
    await actions.reboot('test')
    await actions.destroy('test')
    await expect(actions.start('gone')).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'The virtual machine “gone” no longer exists on this computer',
    })
    const audit = new AuditRepo(db).list(100).filter((e) => e.hostId === 'h1' && e.target === 'test')
    expect(audit.map((e) => `${e.action}:${e.outcome}`)).toEqual(
      expect.arrayContaining([
        'domain.start:failed',
        'domain.suspend:ok',
        'domain.shutdown:ok',
        'domain.destroy:failed',
        'domain.reboot:ok',
        'domain.destroy:ok',
      ]),
    )
  })

  it('deletes with exactly the chosen storage, and refuses other paths', async () => {
    const conn = connect('test:///default')
    const storage = new StorageService(conn)
    const actions = new DomainActions(conn)
    const vol = await storage.createVolume('default-pool', {
      name: 'disk a,b.img',
      capacityBytes: 1024 * 1024,
      format: 'raw',
      preallocation: 'off',
    })
    const keep = await storage.createVolume('default-pool', {
      name: 'keep.img',
      capacityBytes: 1024 * 1024,
      format: 'raw',
    })
    const xml = `<domain type='test'><name>to delete</name><memory>65536</memory><vcpu>1</vcpu><os><type>hvm</type></os><devices>
      <disk type='file' device='disk'><source file='${vol.path}'/><target dev='vda'/></disk>
      <disk type='file' device='disk'><source file='${keep.path}'/><target dev='vdb'/></disk></devices></domain>`
    await conn.withTempFile(xml, (path) => conn.run(['define', '--file', path]))
    const plan = await actions.deletionPlan('to delete')
    expect(plan.disks.map((d) => [d.target, d.path, d.inPool])).toEqual([
      ['vda', vol.path, true],
      ['vdb', keep.path, true],
    ])
    await expect(actions.delete('to delete', { removeStorage: ['/etc/passwd'] })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    })
    const result = await actions.delete('to delete', { removeStorage: [vol.path] })
    expect(result).toEqual({ undefined: true, removed: [vol.path], failed: [] })
    const left = (await storage.listVolumes('default-pool')).map((v) => v.name)
    expect(left).toContain('keep.img')
    expect(left).not.toContain('disk a,b.img')
    await expect(new DomainInventory(conn).get('to delete')).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
})

describe('details and XML editing on the test driver', () => {
  it('reads details; previews, defines, lists and restores definitions', async () => {
    const conn = connect('test:///default')
    const details = await new DomainDetailsService(conn).details('test')
    expect(details).toMatchObject({
      name: 'test',
      state: 'running',
      overview: { firmware: 'bios', vcpus: 2, memoryKiB: 8388608 },
    })
    expect(details.disks[0]).toMatchObject({ target: 'vda', path: '/guest/diskimage1', bus: 'virtio' })
    expect(details.nics[0]).toMatchObject({ type: 'network', source: 'default', mac: 'aa:bb:cc:dd:ee:ff' })

    const history = new XmlHistoryRepo(db)
    const editor = new DomainXmlEditor(conn, history)
    const before = await new DomainDetailsService(conn).xml('test', { inactive: true })
    const edited = before
      .replace("<memory unit='KiB'>8388608</memory>", "<memory unit='KiB'>4194304</memory>")
      .replace(
        /<currentMemory[^>]*>\d+<\/currentMemory>/,
        "<currentMemory unit='KiB'>4194304</currentMemory>",
      )
    const preview = await editor.previewDefine('test', edited)
    expect(preview.changed).toBe(true)
    expect(preview.takesEffectAtNextBoot).toBe(true)
    expect(preview.diff).toContain("-  <memory unit='KiB'>8388608</memory>")
    expect(preview.diff).toContain("+  <memory unit='KiB'>4194304</memory>")

    await expect(editor.previewDefine('test', '<domain><name>test</name')).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    })
    await expect(
      editor.previewDefine('test', before.replace('<vcpu', '<vcpux').replace('</vcpu>', '</vcpux>')),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('libvirt does not accept this XML') as unknown,
    })
    await expect(
      editor.previewDefine('test', before.replace('<name>test</name>', '<name>other</name>')),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', message: 'The XML must keep the name “test”' })

    const applied = await editor.define('test', edited, 'Halve the memory')
    expect(applied.historyId).toBeGreaterThan(0)
    expect(await new DomainDetailsService(conn).xml('test', { inactive: true })).toContain(
      "<memory unit='KiB'>4194304</memory>",
    )
    const entries = editor.historyOf('test')
    expect(entries[0]).toMatchObject({
      id: applied.historyId,
      name: 'test',
      reason: 'Halve the memory',
      kind: 'domain',
    })
    expect(editor.historyEntry(applied.historyId ?? 0).xml).toBe(before)

    const restored = await editor.restore(applied.historyId ?? 0)
    expect(restored.changed).toBe(true)
    expect(await new DomainDetailsService(conn).xml('test', { inactive: true })).toBe(before)
    // The restore saved what it replaced: the edited definition is one click away again.
    const latest = editor.historyOf('test')[0]
    expect(latest?.reason).toMatch(/^Before restoring/)
    expect(editor.historyEntry(latest?.id ?? 0).xml).toContain("<memory unit='KiB'>4194304</memory>")
  })

  it('defines nothing when nothing changed', async () => {
    const conn = connect('test:///default')
    const editor = new DomainXmlEditor(conn, new XmlHistoryRepo(db))
    const xml = await new DomainDetailsService(conn).xml('test', { inactive: true })
    const result = await editor.define('test', xml.replaceAll("'", '"'), 'no-op')
    expect(result).toEqual({
      changed: false,
      diff: '',
      takesEffectAtNextBoot: false,
      baseHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    })
  })
})

describe('storage, networks and creation on the test driver', () => {
  it('lists pools and volumes, creates and deletes volumes', async () => {
    const storage = new StorageService(connect('test:///default'))
    const pools = await storage.listPools()
    expect(pools).toEqual([
      expect.objectContaining({
        hostId: 'h1',
        name: 'default-pool',
        type: 'dir',
        state: 'running',
        active: true,
        autostart: false,
        capacity: 107374182400,
      }),
    ])
    const progress: number[] = []
    const vol = await storage.createVolume(
      'default-pool',
      { name: "a 'vol'.qcow2", capacityBytes: 10 * 1024 * 1024 },
      { onProgress: (p) => progress.push(p.done ?? -1) },
    )
    expect(vol).toMatchObject({
      pool: 'default-pool',
      name: "a 'vol'.qcow2",
      capacity: 10 * 1024 * 1024,
      format: 'qcow2',
    })
    expect(progress[progress.length - 1]).toBe(10 * 1024 * 1024)
    expect((await storage.listVolumes('default-pool')).map((v) => v.name)).toContain("a 'vol'.qcow2")
    await storage.deleteVolume('default-pool', "a 'vol'.qcow2")
    await expect(storage.deleteVolume('default-pool', "a 'vol'.qcow2")).rejects.toMatchObject({
      code: 'NOT_FOUND',
    })
    await expect(storage.listVolumes('nope')).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'There is no storage pool “nope” on this computer',
    })
    await storage.stopPool('default-pool')
    expect((await storage.listPools())[0]).toMatchObject({ state: 'inactive', active: false })
    await storage.startPool('default-pool')
    await storage.setPoolAutostart('default-pool', true)
    expect((await storage.listPools())[0]?.autostart).toBe(true)
  })

  it('lists networks with bridge, forward mode and DHCP range; starts and stops them', async () => {
    const networks = new NetworkService(connect('test:///default'))
    expect(await networks.list()).toEqual([
      {
        hostId: 'h1',
        name: 'default',
        uuid: 'dd8fe884-6c02-601e-7551-cca97df1c5df',
        active: true,
        persistent: true,
        autostart: false,
        bridge: 'virbr0',
        forwardMode: 'nat',
        ipAddress: '192.168.122.1',
        dhcpRanges: [{ start: '192.168.122.2', end: '192.168.122.254' }],
      },
    ])
    await expect(networks.start('default')).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'The network “default” is already running',
    })
    await networks.stop('default')
    await networks.setAutostart('default', true)
    expect((await networks.list())[0]).toMatchObject({ active: false, autostart: true })
  })

  it('previews and creates a VM with a new disk', async () => {
    const conn = connect('test:///default')
    const creator = new DomainCreator(conn)
    const spec = {
      name: `new ${HOSTILE}`,
      memoryMiB: 64,
      vcpus: 1,
      install: { kind: 'none' as const },
      disk: { pool: 'default-pool', sizeGiB: 0.01 },
      network: { kind: 'network' as const, name: 'default' },
    }
    const preview = await creator.previewCreate(spec)
    expect(preview.newVolume).toEqual({
      pool: 'default-pool',
      name: `new ${HOSTILE}.qcow2`,
      capacityBytes: Math.round(0.01 * 1024 ** 3),
      format: 'qcow2',
      preallocation: 'metadata',
    })
    expect(preview.xml).toContain("<domain type='test'>")
    await expect(creator.previewCreate({ ...spec, name: 'a/b' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: 'A VM name cannot contain "/"',
    })
    await expect(creator.previewCreate({ ...spec, firmware: 'uefi' })).rejects.toMatchObject({
      code: 'UNSUPPORTED',
    })
    await expect(
      creator.previewCreate({ ...spec, network: { kind: 'network', name: 'nope' } }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    const phases: string[] = []
    const created = await creator.create(spec, { start: true, onProgress: (p) => phases.push(p.phase) })
    expect(created).toMatchObject({
      name: spec.name,
      started: true,
      volume: { name: `new ${HOSTILE}.qcow2`, format: 'qcow2' },
    })
    expect(phases).toEqual(
      expect.arrayContaining(['Checking the host', 'Creating disk', 'Defining the VM', 'Starting the VM']),
    )
    expect((await new DomainInventory(conn).get(spec.name)).state).toBe('running')
    await expect(creator.previewCreate(spec)).rejects.toMatchObject({ code: 'CONFLICT' })
  })
})
