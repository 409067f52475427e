/**
 * Rename, the Overview and libosinfo on a host reached over SSH: the loopback OpenSSH server
 * (test/support/sshd.ts) as the saved host, reaching this machine's libvirtd as `vdtest`. No mocks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestApp } from './support/app.js'
import { defineTiny, HOSTILE, otherVirsh, uniqueName } from './support/libvirt.js'
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

describe('over SSH', () => {
  it('renames a VM to a hostile name, counts it on the Overview, reads libosinfo', async () => {
    const name = uniqueName('vd-misc-ssh')
    const uuid = await defineTiny(name)
    ssh.created.push(uuid)
    const newName = `${uniqueName('vd-misc-ssh-new')}${HOSTILE}`
    expect(await t.call('vms.rename', { hostId, uuid, name, newName })).toMatchObject({ uuid, name: newName })
    expect((await otherVirsh(['domname', uuid])).trim()).toBe(newName)
    expect((await t.call('audit.query', { hostId, action: 'domain.rename' })).entries[0]).toMatchObject({
      target: name,
      outcome: 'ok',
    })

    const overview = await t.call('overview.host', { hostId })
    expect(overview.problems).toEqual([])
    expect(overview.hostName).toBe('Loopback')
    expect(overview.vms.byState.shutoff).toBeGreaterThan(0)
    expect(overview.totals?.cpus).toBeGreaterThan(0)

    const catalog = await t.call('osinfo.catalog', { hostId })
    expect(catalog.source).toBe('libosinfo')
    expect(await t.call('osinfo.recommend', { hostId, shortId: 'debian10' })).toMatchObject({
      id: 'http://debian.org/debian/10',
      nicModel: 'virtio',
    })
  }, 90_000)
})
