/**
 * The Hardware tab over SSH: the loopback OpenSSH server (test/support/sshd.ts) as the saved host,
 * its user in the libvirt group, so this machine's qemu:///system is reached through the SSH link.
 * A NIC added to a running VM (defined, plugged in live), its link set down live, and undone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestApp } from './support/app.js'
import { defineXml, diskDir } from './support/disk-domains.js'
import { otherVirsh, tinyDomainXml, uniqueName } from './support/libvirt.js'
import { startSshApp, type SshApp } from './support/ssh-app.js'

let t: TestApp
let ssh: SshApp
let hostId: string
let folder: { dir: string; remove: () => Promise<void> }

beforeAll(async () => {
  ssh = await startSshApp({ libvirtd: true })
  folder = await diskDir('vd-hw-ssh-')
  t = ssh.t
  hostId = ssh.hostId
}, 60_000)

afterAll(async () => {
  await ssh?.stop()
  await folder?.remove()
}, 60_000)

describe('hardware edits over SSH', () => {
  it('adds a NIC to a running VM live, sets its link down, and undoes it byte for byte', async () => {
    const name = uniqueName('vd-hw-ssh', true)
    // PCI hot-plug on the pc machine needs ACPI.
    const uuid = await defineXml(
      tinyDomainXml(name).replace('<os>', '<features><acpi/></features><os>'),
      folder.dir,
      name,
    )
    ssh.created.push(uuid)
    await otherVirsh(['start', '--domain', uuid])
    const before = await otherVirsh(['dumpxml', '--domain', uuid, '--inactive'])
    const view = await t.call('vmhw.view', { hostId, vm: name })
    expect(view).toMatchObject({ running: true, nics: [], restartNeeded: [] })
    expect(view.host.networks.map((n) => n.name)).toContain('default')

    const preview = await t.call('vmhw.preview', {
      hostId,
      vm: name,
      edit: {
        kind: 'nic.add',
        source: { type: 'network', name: 'default' },
        model: 'virtio',
        mac: '52:54:00:fe:55:01',
      },
    })
    expect(preview).toMatchObject({ valid: true, live: ['Plug 52:54:00:fe:55:01 into the running VM'] })
    const added = await t.call('vmhw.apply', { hostId, planId: preview.planId ?? '' })
    expect(added.live).toEqual([{ what: 'Plug 52:54:00:fe:55:01 into the running VM', ok: true }])
    expect(await otherVirsh(['domiflist', '--domain', uuid])).toContain('52:54:00:fe:55:01')

    const down = await t.call('vmhw.preview', {
      hostId,
      vm: name,
      edit: { kind: 'nic.update', mac: '52:54:00:fe:55:01', linkUp: false },
    })
    const applied = await t.call('vmhw.apply', { hostId, planId: down.planId ?? '' })
    expect(applied.live.every((l) => l.ok)).toBe(true)
    expect(await otherVirsh(['domif-getlink', '--domain', uuid, '--interface', '52:54:00:fe:55:01'])).toMatch(
      /down/,
    )

    await t.call('changes.undo', { changeId: applied.change.id, force: false })
    await t.call('changes.undo', { changeId: added.change.id, force: false })
    expect(await otherVirsh(['dumpxml', '--domain', uuid, '--inactive'])).toBe(before)
    // The running VM keeps the card it was given until its next boot, and the tab says so.
    expect((await t.call('vmhw.view', { hostId, vm: name })).restartNeeded).toEqual([
      'Network card 52:54:00:fe:55:01 is removed',
    ])
  }, 90_000)
})
