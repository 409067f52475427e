/**
 * Rename, the audit log as a page, the Overview's numbers and the OS database, through the app's
 * router as the renderer and the CLI call them: this machine's libvirtd (qemu:///system, TCG), the
 * test driver, libosinfo as installed (libosinfo-bin, osinfo-db). No mocks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestApp } from './support/app.js'
import type { TestDriverApp } from './support/test-driver-app.js'
import { startTestDriverApp } from './support/test-driver-app.js'
import { defineTiny, HOSTILE, otherVirsh, uniqueName } from './support/libvirt.js'

let t: TestApp
let testHost: string
let lab: TestDriverApp | undefined
const created: string[] = []

beforeAll(async () => {
  lab = await startTestDriverApp(created)
  ;({ t, hostId: testHost } = lab)
}, 60_000)

afterAll(() => lab?.stop(), 60_000)

describe('rename', () => {
  it('renames a shut-off VM to a hostile name; its XML history follows and restores under the new name', async () => {
    const name = uniqueName('vd-misc', true)
    const uuid = await defineTiny(name)
    created.push(uuid)
    const ref = { hostId: 'local', uuid, name }
    const xml = await t.call('vms.xml', ref)
    const edited = xml.replace(/(<vcpu[^>]*>)1</, '$12<')
    expect(edited).not.toBe(xml)
    const defined = await t.call('vms.define', { ...ref, xml: edited, reason: 'two vCPUs' })
    expect(defined.historyId).toBeGreaterThan(0)

    const newName = `${uniqueName('vd-misc-new')}${HOSTILE}`
    const started = Date.now()
    const after = await t.call('vms.rename', { ...ref, newName })
    const ms = Date.now() - started
    expect(after).toMatchObject({ uuid, name: newName, state: 'shutoff', vcpus: 2 })
    expect((await otherVirsh(['domname', uuid])).trim()).toBe(newName)
    expect(ms).toBeLessThan(5000)

    const history = await t.call('vms.history', { hostId: 'local', uuid, name: newName })
    expect(history.map((h) => [h.name, h.reason])).toEqual([[newName, 'two vCPUs']])
    // The saved definition still says the old name inside; restoring keeps the VM's current name.
    const shown = await t.call('vms.restorePreview', { hostId: 'local', historyId: history[0]?.id ?? 0 })
    expect(shown).toMatchObject({ name: newName, changed: true, recreates: false, running: false })
    expect(shown.diff.split('\n').filter((l) => /^[-+]\s/.test(l))).toEqual([
      expect.stringMatching(/^-\s+<vcpu[^>]*>2<\/vcpu>$/),
      expect.stringMatching(/^\+\s+<vcpu[^>]*>1<\/vcpu>$/),
    ])
    const restored = await t.call('vms.restore', { hostId: 'local', historyId: history[0]?.id ?? 0 })
    expect(restored.changed).toBe(true)
    expect(await t.call('vms.get', { hostId: 'local', uuid })).toMatchObject({ name: newName, vcpus: 1 })

    const audit = await t.call('audit.query', { target: name, action: 'domain.rename' })
    expect(audit.entries[0]).toMatchObject({ outcome: 'ok', hostId: 'local', detail: `to “${newName}”` })
    await t.waitEvent('vm.changed', (p) => p.change.kind === 'updated' && p.change.domain.name === newName)
  }, 60_000)

  it('refuses while running, a taken name, a bad name; each with the reason', async () => {
    const [a, b] = [uniqueName('vd-misc-a'), uniqueName('vd-misc-b')]
    const ua = await defineTiny(a)
    created.push(ua)
    created.push(await defineTiny(b))
    const ref = { hostId: 'local', uuid: ua, name: a }
    await expect(t.call('vms.rename', { ...ref, newName: b })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: `A VM named “${b}” already exists on This computer`,
    })
    await expect(t.call('vms.rename', { ...ref, newName: 'x/y' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    })
    await expect(t.call('vms.rename', { ...ref, newName: '12345' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    })
    await expect(t.call('vms.rename', { ...ref, newName: 'a\nb' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    })
    await t.call('vms.action', { ...ref, action: 'start' })
    await expect(t.call('vms.rename', { ...ref, newName: `${a}-x` })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: `${a} is running: libvirt renames only a shut-off VM`,
    })
    await t.call('vms.action', { ...ref, action: 'destroy' })
    const failed = await t.call('audit.query', { target: a, action: 'domain.rename', outcome: 'failed' })
    expect(failed.total).toBe(2)
    expect((await otherVirsh(['domname', ua])).trim()).toBe(a)
  }, 60_000)

  it('renames on the test driver too', async () => {
    const [vm] = await t.call('vms.list', { hostId: testHost })
    const ref = { hostId: testHost, uuid: vm?.uuid ?? '', name: 'test' }
    await t.call('vms.action', { ...ref, action: 'destroy' })
    expect(await t.call('vms.rename', { ...ref, newName: 'test renamed' })).toMatchObject({
      name: 'test renamed',
    })
    expect(await t.call('vms.rename', { ...ref, name: 'test renamed', newName: 'test' })).toMatchObject({
      name: 'test',
    })
  })
})

describe('the audit log as a page', () => {
  it('filters by host, action family, outcome, time and text, and pages', async () => {
    for (let i = 0; i < 30; i++)
      t.app.store.audit.record({
        hostId: testHost,
        target: `vd-page-${i % 3}`,
        action: i % 2 === 0 ? 'pool.start' : 'pool.stop',
        outcome: i % 5 === 0 ? 'failed' : 'ok',
        detail: i === 7 ? 'needle $(x) 100%_' : 'plain',
      })
    const all = await t.call('audit.query', { hostId: testHost, action: 'pool.', limit: 10 })
    expect(all.total).toBe(30)
    expect(all.entries).toHaveLength(10)
    const page3 = await t.call('audit.query', { hostId: testHost, action: 'pool.', limit: 10, offset: 20 })
    expect(page3.entries).toHaveLength(10)
    expect(page3.entries[0]?.id).toBeLessThan(all.entries[9]?.id ?? 0)
    expect((await t.call('audit.query', { hostId: testHost, action: 'pool.stop' })).total).toBe(15)
    expect(
      (await t.call('audit.query', { hostId: testHost, outcome: 'failed', action: 'pool.' })).total,
    ).toBe(6)
    expect((await t.call('audit.query', { target: 'vd-page-1' })).total).toBe(10)
    const found = await t.call('audit.query', { text: '100%_' })
    expect(found.entries.map((e) => e.detail)).toEqual(['needle $(x) 100%_'])
    expect((await t.call('audit.query', { text: 'pool%' })).total).toBe(0)
    expect((await t.call('audit.query', { since: new Date(Date.now() + 60_000).toISOString() })).total).toBe(
      0,
    )
    expect(
      (await t.call('audit.query', { until: new Date(Date.now() - 3_600_000).toISOString() })).total,
    ).toBe(0)
    const facets = await t.call('audit.facets', { hostId: testHost })
    expect(facets.actions.slice(0, 2).sort()).toEqual(['pool.start', 'pool.stop'])
    expect(facets.targets).toContain('vd-page-0')
    await expect(t.call('audit.query', { limit: 0 })).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    await expect(t.call('audit.query', { since: 'yesterday' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    })
  })
})

describe('overview', () => {
  it("counts VMs by state and what running VMs take, against the host's /proc totals", async () => {
    // The test driver's state is this app's alone: exact numbers there.
    const [vm] = await t.call('vms.list', { hostId: testHost })
    const ref = { hostId: testHost, uuid: vm?.uuid ?? '', name: vm?.name ?? '' }
    if (vm?.state !== 'shutoff') await t.call('vms.action', { ...ref, action: 'destroy' })
    expect(await t.call('overview.host', { hostId: testHost })).toMatchObject({
      vms: { total: 1, byState: { shutoff: 1 } },
      allocated: { vcpus: 0, memoryKiB: 0 },
      problems: [],
    })
    const running = await t.call('vms.action', { ...ref, action: 'start' })
    const test = await t.call('overview.host', { hostId: testHost })
    expect(test).toMatchObject({
      hostName: 'Test driver',
      vms: { total: 1, byState: { running: 1 } },
      allocated: { vcpus: running.vcpus, memoryKiB: running.memoryKiB },
    })
    expect(test.totals?.cpus).toBeGreaterThan(0)
    expect(test.totals?.memoryKiB).toBeGreaterThan(test.totals?.memoryUsedKiB ?? Infinity)

    // The shared libvirtd (other tests add and remove VMs meanwhile): this VM is among the running ones.
    const name = uniqueName('vd-misc-ov')
    const uuid = await defineTiny(name)
    created.push(uuid)
    await otherVirsh(['start', uuid])
    const local = await t.call('overview.host', { hostId: 'local' })
    await otherVirsh(['destroy', uuid])
    expect(local.problems).toEqual([])
    expect(local.vms.byState.running).toBeGreaterThanOrEqual(1)
    expect(local.allocated.memoryKiB).toBeGreaterThanOrEqual(64 * 1024)
    const all = await t.call('overview.all', {})
    expect(all.hosts.map((h) => h.hostName).sort()).toEqual(['Test driver', 'This computer'])
    expect(all.hosts.find((h) => h.hostId === testHost)).toMatchObject({ connected: true, vms: { total: 1 } })
  }, 60_000)
})

describe('libosinfo', () => {
  it('lists the OS database and recommends memory, disk, bus and NIC model from its XML', async () => {
    const catalog = await t.call('osinfo.catalog', { hostId: 'local' })
    expect(catalog.source).toBe('libosinfo')
    expect(catalog.entries.length).toBeGreaterThan(300)
    expect(catalog.entries.find((e) => e.shortId === 'debian11')).toEqual({
      shortId: 'debian11',
      id: 'http://debian.org/debian/11',
      name: 'Debian 11',
      version: '11',
      family: 'linux',
      vendor: 'Debian Project',
    })
    expect(await t.call('osinfo.recommend', { hostId: 'local', shortId: 'debian11' })).toMatchObject({
      id: 'http://debian.org/debian/11',
      memoryMiB: 1024,
      diskGiB: 20,
      diskBus: 'virtio',
      nicModel: 'virtio',
    })
    const win = await t.call('osinfo.recommend', { hostId: 'local', shortId: 'win10' })
    // Windows has no virtio drivers built in: SATA (Q35's AHCI) and an e1000e, from its parents' devices.
    expect(win).toMatchObject({
      id: 'http://microsoft.com/win/10',
      memoryMiB: 2048,
      diskBus: 'sata',
      nicModel: 'e1000e',
    })
    // Ubuntu 22.04 says only its newest devices: virtio-block comes from far up its chain.
    expect(await t.call('osinfo.recommend', { hostId: 'local', shortId: 'ubuntu22.04' })).toMatchObject({
      diskBus: 'virtio',
      nicModel: 'virtio',
    })
    await expect(t.call('osinfo.recommend', { hostId: 'local', shortId: 'nosuchos9' })).rejects.toMatchObject(
      {
        code: 'NOT_FOUND',
      },
    )
    await expect(
      t.call('osinfo.recommend', { hostId: 'local', shortId: `x${HOSTILE}` }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' })
  }, 60_000)

  it('the wizard writes the OS as libosinfo metadata (the OS column says it) with its bus and NIC model', async () => {
    const name = uniqueName('vd-misc-os', true)
    const spec = {
      name,
      memoryMiB: 64,
      vcpus: 1,
      install: { kind: 'none' as const },
      network: { kind: 'network' as const, name: 'default' },
      osId: 'http://debian.org/debian/11',
      nicModel: 'e1000e' as const,
      virtType: 'qemu' as const,
    }
    const preview = await t.call('vms.createPreview', {
      hostId: 'local',
      spec: { ...spec, diskBus: 'sata', disk: { pool: 'default', sizeGiB: 1 } },
    })
    expect(preview.xml).toContain("<libosinfo:os id='http://debian.org/debian/11'/>")
    expect(preview.xml).toMatch(/<target dev='sda' bus='sata'\/>/)
    const created_ = await t.call('vms.create', { hostId: 'local', spec, start: false })
    created.push(created_.uuid)
    expect(created_.xml).toMatch(/<model type=["']e1000e["']\/>/)
    const listed = (await t.call('vms.list', { hostId: 'local' })).find((d) => d.uuid === created_.uuid)
    expect(listed?.os).toBe('debian 11')
  }, 60_000)
})
