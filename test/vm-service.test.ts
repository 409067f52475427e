/**
 * Virtual machines, storage and networks through the app's router, as the renderer and the CLI
 * call them: the libvirt test driver (test:///default) for the broad cases, the real libvirtd +
 * QEMU (TCG) of this machine ("This computer", qemu:///system) for lifecycle, live events, XML
 * define/history/restore, creation and deletion. No mocks.
 */
import { chmod, mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { VmChange } from '@shared/protocol.js'
import type { TestApp } from './support/app.js'
import type { TestDriverApp } from './support/test-driver-app.js'
import { startTestDriverApp } from './support/test-driver-app.js'
import { defineTiny, otherVirsh, uniqueName } from './support/libvirt.js'

let t: TestApp
let testHost: string
let lab: TestDriverApp | undefined
const created: string[] = []

beforeAll(async () => {
  lab = await startTestDriverApp(created)
  ;({ t, hostId: testHost } = lab)
}, 60_000)

afterAll(() => lab?.stop(), 60_000)

const updatedTo = (uuid: string, state: string) => (p: { change: VmChange }) =>
  p.change.kind === 'updated' && p.change.domain.uuid === uuid && p.change.domain.state === state

describe('the test driver through the router', () => {
  it('lists, drives the lifecycle, announces each change, audits it', async () => {
    const [vm] = await t.call('vms.list', { hostId: testHost })
    expect(vm).toMatchObject({ hostId: testHost, name: 'test', state: 'running', vcpus: 2, persistent: true })
    const ref = { hostId: testHost, uuid: vm?.uuid ?? '', name: 'test' }
    expect(await t.call('vms.connection', { hostId: testHost })).toMatchObject({ status: 'connected' })
    expect(await t.call('vms.action', { ...ref, action: 'suspend' })).toMatchObject({ state: 'paused' })
    await t.waitEvent('vm.changed', updatedTo(ref.uuid, 'paused'))
    expect(await t.call('vms.action', { ...ref, action: 'resume' })).toMatchObject({ state: 'running' })
    expect(await t.call('vms.action', { ...ref, action: 'destroy' })).toMatchObject({ state: 'shutoff' })
    await expect(t.call('vms.action', { ...ref, action: 'destroy' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: '“test” is not running',
    })
    expect(await t.call('vms.setAutostart', { ...ref, enabled: true })).toMatchObject({ autostart: true })
    expect(await t.call('vms.action', { ...ref, action: 'start' })).toMatchObject({ state: 'running' })
    const audit = (await t.call('audit.list', { limit: 20 }))
      .filter((e) => e.target === 'test')
      .map((e) => `${e.action}:${e.outcome}`)
    expect(audit.reverse()).toEqual([
      'domain.suspend:ok',
      'domain.resume:ok',
      'domain.destroy:ok',
      'domain.destroy:failed',
      'domain.autostart.on:ok',
      'domain.start:ok',
    ])
    expect((await t.call('audit.list', { limit: 20 })).find((e) => e.action === 'domain.start')?.hostId).toBe(
      testHost,
    )
  })

  it('refuses bad input before any work', async () => {
    await expect(
      t.call('vms.action', { hostId: testHost, uuid: 'not-a-uuid', action: 'start' }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    await expect(
      t.call('vms.action', {
        hostId: testHost,
        uuid: '6695eb01-f6a4-8304-79aa-97f2502e193f',
        action: 'explode' as 'start',
      }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    await expect(t.call('vms.list', { hostId: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect(await t.call('vms.checkName', { hostId: testHost, name: 'test' })).toMatchObject({
      available: false,
      problem: expect.stringContaining('already exists') as unknown,
    })
    expect(await t.call('vms.checkName', { hostId: testHost, name: '1234' })).toMatchObject({
      available: false,
      problem: expect.stringContaining('digits') as unknown,
    })
    expect(await t.call('vms.checkName', { hostId: testHost, name: 'fresh “one”' })).toEqual({
      name: 'fresh “one”',
      available: true,
    })
  })

  it('lists pools and networks, creates a volume with progress and deletes it', async () => {
    const pools = await t.call('pools.list', { hostId: testHost })
    expect(pools).toEqual([expect.objectContaining({ name: 'default-pool', active: true, type: 'dir' })])
    const progress: number[] = []
    const volume = await t.call(
      'volumes.create',
      { hostId: testHost, pool: 'default-pool', spec: { name: 'disk one.qcow2', capacityBytes: 1024 ** 2 } },
      (p) => progress.push(p.fraction ?? -1),
    )
    expect(volume).toMatchObject({ name: 'disk one.qcow2', pool: 'default-pool', capacity: 1024 ** 2 })
    expect(progress.length).toBeGreaterThan(0)
    expect(
      (await t.call('volumes.list', { hostId: testHost, pool: 'default-pool' })).map((v) => v.name),
    ).toContain('disk one.qcow2')
    expect(
      await t.call('volumes.delete', { hostId: testHost, pool: 'default-pool', name: 'disk one.qcow2' }),
    ).toEqual({ deleted: true })
    expect(
      await t.call('pools.setAutostart', { hostId: testHost, name: 'default-pool', enabled: true }),
    ).toEqual([expect.objectContaining({ autostart: true })])
    const networks = await t.call('networks.list', { hostId: testHost })
    expect(networks).toEqual([
      expect.objectContaining({
        name: 'default',
        active: true,
        bridge: 'virbr0',
        forwardMode: 'nat',
        dhcpRanges: [{ start: '192.168.122.2', end: '192.168.122.254' }],
      }),
    ])
    expect(await t.call('networks.stop', { hostId: testHost, name: 'default' })).toEqual([
      expect.objectContaining({ active: false }),
    ])
    expect(await t.call('networks.start', { hostId: testHost, name: 'default' })).toEqual([
      expect.objectContaining({ active: true }),
    ])
  })

  it('lists all hosts, and reports a host that fails without failing the rest', async () => {
    const broken = (
      await t.call('hosts.add', {
        kind: 'local',
        name: 'Broken URI',
        libvirtUri: 'test:///nonexistent/node.xml',
      })
    ).id
    const all = await t.call('vms.listAll', {})
    expect(all.hosts.find((h) => h.hostId === testHost)?.domains.map((d) => d.name)).toEqual(['test'])
    expect(all.hosts.find((h) => h.hostId === broken)?.error?.code).toBeDefined()
    expect(all.hosts.find((h) => h.hostId === 'local')).toMatchObject({ hostName: 'This computer' })
    await t.call('hosts.remove', { id: broken })
  })

  it('closes the connection when the host is edited, and opens one on the new URI', async () => {
    await t.call('hosts.update', {
      id: testHost,
      host: { kind: 'local', name: 'Test driver', libvirtUri: 'test:///default' },
    })
    await t.waitEvent('libvirt.state', (p) => p.hostId === testHost && p.state.status === 'closed')
    // A fresh test driver: the VM is running again.
    expect((await t.call('vms.list', { hostId: testHost }))[0]).toMatchObject({
      name: 'test',
      state: 'running',
      autostart: false,
    })
  })
})

describe('This computer (qemu:///system)', () => {
  it('sees a VM started outside VirtDeck within a second, as an event for that one VM', async () => {
    const name = uniqueName('vd-svc', true)
    const uuid = await defineTiny(name)
    created.push(uuid)
    expect((await t.call('vms.list', { hostId: 'local' })).find((d) => d.uuid === uuid)).toMatchObject({
      name,
      state: 'shutoff',
      vcpus: 1,
      memoryKiB: 65536,
    })
    await t.waitEvent('libvirt.state', (p) => p.hostId === 'local' && p.state.status === 'connected')
    await (await t.app.libvirt.get('local')).events?.waitConnected(10_000)
    const before = t.events.length
    await otherVirsh(['start', '--domain', uuid])
    const returned = Date.now()
    // The event's state reaches the bus within a second; the refetched summary follows.
    const seen = await t.waitEvent(
      'vm.changed',
      (p) =>
        p.hostId === 'local' &&
        p.change.kind === 'state' &&
        p.change.uuid === uuid &&
        p.change.state === 'running',
      5000,
    )
    expect(seen.at - returned).toBeLessThan(1000)
    await t.waitEvent('vm.changed', (p) => p.hostId === 'local' && updatedTo(uuid, 'running')(p), 10_000)
    expect(
      t.events
        .slice(before)
        .filter((e) => e.name === 'vm.changed')
        .every((e) => (e.payload as { change: VmChange }).change.kind !== 'resync'),
    ).toBe(true)

    const ref = { hostId: 'local', uuid, name }
    expect(await t.call('vms.action', { ...ref, action: 'suspend' })).toMatchObject({ state: 'paused' })
    expect(await t.call('vms.action', { ...ref, action: 'resume' })).toMatchObject({ state: 'running' })
    expect(await t.call('vms.action', { ...ref, action: 'destroy' })).toMatchObject({ state: 'shutoff' })
    await otherVirsh(['undefine', '--domain', uuid])
    await t.waitEvent('vm.changed', (p) => p.change.kind === 'removed' && p.change.uuid === uuid)
    await expect(t.call('vms.action', { ...ref, action: 'start' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: `The virtual machine “${name}” no longer exists on This computer`,
    })
  })

  it('previews an XML edit (diff, validation, next boot), defines it, keeps history, restores', async () => {
    const name = uniqueName('vd-svc-xml', true)
    const uuid = await defineTiny(name)
    created.push(uuid)
    const ref = { hostId: 'local', uuid, name }
    await t.call('vms.action', { ...ref, action: 'start' })
    const before = await t.call('vms.xml', ref)
    const edited = before
      .replace("<memory unit='KiB'>65536</memory>", "<memory unit='KiB'>98304</memory>")
      .replace(
        "<currentMemory unit='KiB'>65536</currentMemory>",
        "<currentMemory unit='KiB'>98304</currentMemory>",
      )
    const preview = await t.call('vms.xmlPreview', { ...ref, xml: edited })
    expect(preview).toMatchObject({ valid: true, problems: [], changed: true, takesEffectAtNextBoot: true })
    expect(preview.diff).toContain("-  <memory unit='KiB'>65536</memory>")
    expect(preview.diff).toContain("+  <memory unit='KiB'>98304</memory>")

    const broken = edited.replace("<vcpu placement='static'>1</vcpu>", "<vcpu placement='static'>many</vcpu>")
    const invalid = await t.call('vms.xmlPreview', { ...ref, xml: broken })
    expect(invalid).toMatchObject({ valid: false, changed: true })
    expect(invalid.problems.join('\n')).toMatch(/vcpu|libvirt/i)
    expect(invalid.diff).toContain("+  <vcpu placement='static'>many</vcpu>")

    const applied = await t.call('vms.define', { ...ref, xml: edited, reason: 'More memory' })
    expect(applied).toMatchObject({
      changed: true,
      takesEffectAtNextBoot: true,
      historyId: expect.any(Number) as unknown,
    })
    expect(await t.call('vms.xml', ref)).toContain("<memory unit='KiB'>98304</memory>")
    const history = await t.call('vms.history', ref)
    expect(history.map((h) => h.reason)).toEqual(['More memory'])
    await t.call('vms.restore', { hostId: 'local', historyId: history[0]?.id ?? 0 })
    expect(await t.call('vms.xml', ref)).toBe(before)
    expect((await t.call('vms.history', ref)).map((h) => h.reason)[0]).toMatch(/^Before restoring/)
    const actions = (await t.call('audit.list', { limit: 50 }))
      .filter((e) => e.target === name)
      .map((e) => e.action)
    expect(actions).toEqual(expect.arrayContaining(['domain.define', 'domain.restore', 'domain.start']))
    await t.call('vms.action', { ...ref, action: 'destroy' })
  })

  it('previews and creates a VM with a new disk (progress), then deletes it with the disk it chose from the plan', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'virtdeck-pool-'))
    await chmod(dir, 0o755)
    const pool = uniqueName('vd-svc-pool')
    await otherVirsh(['pool-create-as', '--name', pool, '--type', 'dir', '--target', dir])
    try {
      const name = uniqueName('vd-svc-new', true)
      const spec = {
        name,
        memoryMiB: 64,
        vcpus: 1,
        virtType: 'qemu' as const,
        install: { kind: 'none' as const },
        disk: { pool, sizeGiB: 0.0625 },
        network: { kind: 'none' as const },
      }
      const preview = await t.call('vms.createPreview', { hostId: 'local', spec })
      expect(preview.newVolume).toEqual({
        pool,
        name: `${name}.qcow2`,
        capacityBytes: 64 * 1024 ** 2,
        format: 'qcow2',
        preallocation: 'metadata',
      })
      expect(preview.xml).toContain("<domain type='qemu'>")
      const phases: string[] = []
      const result = await t.call('vms.create', { hostId: 'local', spec, start: true }, (p) =>
        phases.push(p.message),
      )
      created.push(result.uuid)
      expect(result).toMatchObject({ name, started: true, volume: { pool, format: 'qcow2' } })
      expect(phases[0]).toBe('Checking the host')
      expect(phases).toContain('Defining the VM')
      await t.waitEvent('vm.changed', updatedTo(result.uuid, 'running'))

      const ref = { hostId: 'local', uuid: result.uuid, name }
      const plan = await t.call('vms.deletionPlan', ref)
      const disk = result.volume?.path ?? ''
      expect(plan).toMatchObject({ running: true, disks: [{ path: disk, inPool: true }] })
      await expect(
        t.call('vms.delete', { ...ref, removeStorage: ['/etc/passwd'], forceOff: true }),
      ).rejects.toMatchObject({ code: 'INVALID_INPUT' })
      expect(await t.call('vms.delete', { ...ref, removeStorage: [disk], forceOff: true })).toEqual({
        undefined: true,
        removed: [disk],
        failed: [],
      })
      await expect(stat(disk)).rejects.toMatchObject({ code: 'ENOENT' })
      await t.waitEvent('vm.changed', (p) => p.change.kind === 'removed' && p.change.uuid === result.uuid)
      expect((await t.call('vms.list', { hostId: 'local' })).some((d) => d.uuid === result.uuid)).toBe(false)
      const audit = (await t.call('audit.list', { limit: 50 }))
        .filter((e) => e.target === name)
        .map((e) => `${e.action}:${e.outcome}`)
      expect(audit).toEqual(
        expect.arrayContaining(['domain.create:ok', 'domain.delete:ok', 'domain.delete:failed']),
      )
    } finally {
      await otherVirsh(['pool-destroy', '--pool', pool]).catch(() => undefined)
      await rm(dir, { recursive: true, force: true })
    }
  })
})
