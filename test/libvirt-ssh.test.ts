/**
 * The same libvirt services over SSH: a real OpenSSH server on 127.0.0.1 (test/support/sshd.ts), the
 * unprivileged test user `vdtest` in the libvirt group (the testbed gives that group the system
 * instance), qemu:///system on this machine's libvirtd. Hostile names, live events, lifecycle, XML
 * define/restore through a temp file written over SFTP. No mocks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SshHost } from '../src/main/host/ssh-host.js'
import { DomainActions } from '../src/main/libvirt/domain-actions.js'
import { DomainDetailsService } from '../src/main/libvirt/domain-details.js'
import { DomainInventory } from '../src/main/libvirt/domain-list.js'
import { DomainXmlEditor } from '../src/main/libvirt/domain-xml-edit.js'
import { LibvirtConnection } from '../src/main/libvirt/libvirt-connection.js'
import { NetworkService } from '../src/main/libvirt/networks.js'
import { XmlHistoryRepo } from '../src/main/libvirt/xml-history-repo.js'
import { openDatabase } from '../src/main/store/database.js'
import type { Db } from '../src/main/store/database.js'
import type { DomainEvent } from '@shared/vms.js'
import { defineTiny, lockLibvirtd, otherVirsh, removeDomain, uniqueName, waitFor } from './support/libvirt.js'
import { startSshLink, type SshLink } from './support/ssh-app.js'

let ssh: SshLink
let host: SshHost
let conn: LibvirtConnection
let db: Db
let release: () => Promise<void>
const created: string[] = []
const events: { event: DomainEvent; receivedAt: number }[] = []

beforeAll(async () => {
  release = await lockLibvirtd('shared')
  ssh = await startSshLink()
  host = ssh.host
  db = openDatabase(':memory:')
  conn = new LibvirtConnection({ host, uri: 'qemu:///system', hostId: 'ssh-test', where: '127.0.0.1' })
  conn.onDomainEvent((event) => events.push({ event, receivedAt: Date.now() }))
  await conn.events?.waitConnected(15_000)
}, 60_000)

afterAll(async () => {
  await Promise.all(created.map((uuid) => removeDomain(uuid)))
  await conn?.close()
  await ssh?.stop()
  db?.close()
  await release?.()
}, 60_000)

describe('libvirt over SSH', () => {
  it('sees outside changes live and drives the lifecycle, hostile names included', async () => {
    const since = Date.now()
    const name = uniqueName('vd-ssh', true)
    const uuid = await defineTiny(name)
    created.push(uuid)
    await waitFor('Defined over SSH', 10_000, () =>
      events.find((e) => e.event.name === name && e.event.event === 'Defined' && e.receivedAt >= since),
    )

    await otherVirsh(['start', '--domain', uuid])
    const startReturned = Date.now()
    const started = await waitFor('Started over SSH', 10_000, () =>
      events.find((e) => e.event.name === name && e.event.event === 'Started'),
    )
    expect(started.receivedAt - startReturned).toBeLessThan(1000)

    const actions = new DomainActions(conn)
    const inventory = new DomainInventory(conn)
    expect((await inventory.list()).find((d) => d.uuid === uuid)).toMatchObject({
      hostId: 'ssh-test',
      name,
      state: 'running',
      vcpus: 1,
      memoryKiB: 65536,
    })
    await expect(actions.start(name)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: `“${name}” is already running`,
    })
    await actions.suspend(name)
    expect((await inventory.get(name)).state).toBe('paused')
    await actions.resume({ uuid, name })
    await actions.destroy({ uuid, name })
    expect((await inventory.get({ uuid, name })).state).toBe('shutoff')
    await actions.start(name)
    await actions.destroy(name)
    await actions.setAutostart(name, true)
    expect((await inventory.get(name)).autostart).toBe(true)
    await actions.setAutostart(name, false)

    await otherVirsh(['undefine', '--domain', uuid])
    await expect(actions.start({ uuid, name })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: `The virtual machine “${name}” no longer exists on 127.0.0.1`,
    })
  })

  it('defines, keeps history and restores through a temp file on the remote side', async () => {
    const name = uniqueName('vd-ssh-xml', true)
    const uuid = await defineTiny(name)
    created.push(uuid)
    const details = new DomainDetailsService(conn)
    expect((await details.details(name)).overview).toMatchObject({ firmware: 'bios', memoryKiB: 65536 })
    const editor = new DomainXmlEditor(conn, new XmlHistoryRepo(db))
    const before = await details.xml(name, { inactive: true })
    const edited = before.replace("<vcpu placement='static'>1</vcpu>", "<vcpu placement='static'>2</vcpu>")
    expect(edited).not.toBe(before)
    expect(await editor.previewDefine(name, edited)).toMatchObject({
      changed: true,
      takesEffectAtNextBoot: false,
    })
    const applied = await editor.define(name, edited, 'Two vCPUs')
    expect((await new DomainInventory(conn).get(name)).vcpus).toBe(2)
    await editor.restore(applied.historyId ?? 0)
    expect(await details.xml(name, { inactive: true })).toBe(before)
  })

  it('lists networks', async () => {
    expect((await new NetworkService(conn).list()).map((n) => n.name)).toContain('default')
  })
})
