/**
 * Fault 3 of issue 9: storage pools and networks defined outside VirtDeck never showed up. Now the
 * host's one event process (`sh` running the domain, pool and network event loops of virsh) carries
 * pool and network lifecycle events too, and they reach the bus as `libvirt.objectChanged`.
 * Real libvirtd (qemu:///system) through the app; "someone else" is a separate virsh.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp } from './support/app.js'
import type { TestApp } from './support/app.js'
import { lockLibvirtd, otherVirsh, uniqueName } from './support/libvirt.js'

let t: TestApp
let release: () => Promise<void>
let dir: string
const pool = uniqueName('vd-outside-pool')
const network = uniqueName('vd-outside-net')

beforeAll(async () => {
  release = await lockLibvirtd('shared')
  dir = await mkdtemp(join(tmpdir(), 'virtdeck-outside-'))
  t = startTestApp()
  await t.call('vms.list', { hostId: 'local' })
  await t.waitEvent('libvirt.state', (p) => p.hostId === 'local' && p.state.status === 'connected', 20_000)
}, 60_000)

afterAll(async () => {
  await otherVirsh(['pool-undefine', '--pool', pool]).catch(() => undefined)
  await otherVirsh(['net-undefine', '--network', network]).catch(() => undefined)
  await t?.close()
  await rm(dir, { recursive: true, force: true })
  await release?.()
}, 60_000)

describe('pools and networks changed outside VirtDeck (fault 3)', () => {
  it('a pool defined with virsh reaches the bus within seconds, and so does its removal', async () => {
    const since = Date.now()
    await otherVirsh(['pool-define-as', '--name', pool, '--type', 'dir', '--target', dir])
    const defined = await t.waitEvent(
      'libvirt.objectChanged',
      (p) => p.hostId === 'local' && p.kind === 'pool' && p.name === pool && p.event === 'Defined',
    )
    expect(defined.at - since).toBeLessThan(5_000)
    expect((await t.call('pools.list', { hostId: 'local' })).map((p) => p.name)).toContain(pool)
    await otherVirsh(['pool-undefine', '--pool', pool])
    await t.waitEvent(
      'libvirt.objectChanged',
      (p) => p.kind === 'pool' && p.name === pool && p.event === 'Undefined',
    )
  }, 30_000)

  it('a network defined with virsh reaches the bus too', async () => {
    await writeFile(join(dir, 'net.xml'), `<network><name>${network}</name></network>\n`)
    await otherVirsh(['net-define', '--file', join(dir, 'net.xml')])
    await t.waitEvent(
      'libvirt.objectChanged',
      (p) => p.hostId === 'local' && p.kind === 'network' && p.name === network && p.event === 'Defined',
    )
  }, 30_000)

  it('all three event loops run in one process on the host', async () => {
    const conn = await t.app.libvirt.get('local')
    expect(conn.events?.processesStarted).toBe(1)
  })
})
