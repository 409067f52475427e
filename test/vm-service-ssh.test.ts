/**
 * The same VM channels on a host reached over SSH: a real OpenSSH server on 127.0.0.1
 * (test/support/sshd.ts) as the saved host, the test user `vdtest` in the libvirt group, so
 * qemu:///system of this machine's libvirtd is reached through the SSH link. No mocks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { VmChange } from '@shared/protocol.js'
import type { TestApp } from './support/app.js'
import { defineTiny, otherVirsh, uniqueName } from './support/libvirt.js'
import { startSshApp, type SshApp } from './support/ssh-app.js'

let t: TestApp
let ssh: SshApp
let hostId: string

beforeAll(async () => {
  ssh = await startSshApp({ libvirtd: true })
  t = ssh.t
  hostId = ssh.hostId
}, 60_000)

afterAll(async () => {
  await ssh?.stop()
}, 60_000)

describe('VMs over SSH', () => {
  it('lists, sees an outside start within a second, drives the lifecycle, edits XML', async () => {
    const name = uniqueName('vd-svc-ssh', true)
    const uuid = await defineTiny(name)
    ssh.created.push(uuid)
    expect((await t.call('vms.list', { hostId })).find((d) => d.uuid === uuid)).toMatchObject({
      hostId,
      name,
      state: 'shutoff',
    })
    await (await t.app.libvirt.get(hostId)).events?.waitConnected(10_000)
    await t.waitEvent('libvirt.state', (p) => p.hostId === hostId && p.state.status === 'connected')

    await otherVirsh(['start', '--domain', uuid])
    const returned = Date.now()
    // The event's state reaches the bus within a second; the refetched summary follows.
    const seen = await t.waitEvent(
      'vm.changed',
      (p) =>
        p.hostId === hostId &&
        p.change.kind === 'state' &&
        p.change.uuid === uuid &&
        p.change.state === 'running',
      5000,
    )
    expect(seen.at - returned).toBeLessThan(1000)
    const isRunning = (p: { hostId: string; change: VmChange }): boolean =>
      p.hostId === hostId &&
      p.change.kind === 'updated' &&
      p.change.domain.uuid === uuid &&
      p.change.domain.state === 'running'
    await t.waitEvent('vm.changed', isRunning, 10_000)

    const ref = { hostId, uuid, name }
    expect(await t.call('vms.action', { ...ref, action: 'destroy' })).toMatchObject({ state: 'shutoff' })
    const xml = await t.call('vms.xml', ref)
    const edited = xml.replace("<vcpu placement='static'>1</vcpu>", "<vcpu placement='static'>2</vcpu>")
    expect(await t.call('vms.xmlPreview', { ...ref, xml: edited })).toMatchObject({
      valid: true,
      changed: true,
      takesEffectAtNextBoot: false,
    })
    const applied = await t.call('vms.define', { ...ref, xml: edited })
    expect((await t.call('vms.get', ref)).vcpus).toBe(2)
    await t.call('vms.restore', { hostId, historyId: applied.historyId ?? 0 })
    expect(await t.call('vms.xml', ref)).toBe(xml)
    expect((await t.call('networks.list', { hostId })).map((n) => n.name)).toContain('default')
    const audit = (await t.call('audit.list', { limit: 20 })).filter((e) => e.target === name)
    expect(audit.every((e) => e.hostId === hostId)).toBe(true)
    expect(audit.map((e) => e.action)).toEqual(
      expect.arrayContaining(['domain.destroy', 'domain.define', 'domain.restore']),
    )
  })

  it('closes the libvirt connection when the host is disconnected', async () => {
    await t.call('vms.list', { hostId })
    await t.call('hosts.disconnect', { id: hostId })
    await t.waitEvent('libvirt.state', (p) => p.hostId === hostId && p.state.status === 'closed')
    expect(t.app.libvirt.peek(hostId)).toBeUndefined()
    // The next call connects again.
    expect(Array.isArray(await t.call('vms.list', { hostId }))).toBe(true)
  })
})
