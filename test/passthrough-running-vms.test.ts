import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LocalHost } from '../src/main/host/local-host.js'
import { runningVmsUsing } from '../src/main/passthrough/running-vms.js'
import { HOSTILE } from './support/libvirt.js'

/**
 * Running VMs holding the card, asked from real libvirt: a test-driver node file with a running
 * domain that passes 01:00.0 through (its name full of shell and virsh syntax), a running one
 * without hostdevs and a shut-off one with the card.
 */

let dir = ''
let uri = ''
const escape = (s: string): string =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
const hostdev = (fn: number): string =>
  `<hostdev mode='subsystem' type='pci' managed='yes'><driver name='vfio'/><source><address domain='0x0000' bus='0x01' slot='0x00' function='0x${fn}'/></source></hostdev>`
const domain = (name: string, devices: string, running: boolean): string =>
  `<domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'><name>${escape(name)}</name><memory>524288</memory><os><type>hvm</type></os><devices>${devices}</devices>${running ? '' : '<test:runstate>5</test:runstate>'}</domain>`

const GAMER = `gaming${HOSTILE}`
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'virtdeck-pt-vms-'))
  const file = join(dir, 'node.xml')
  await writeFile(
    file,
    `<node>\n${domain(GAMER, hostdev(0) + hostdev(1), true)}\n${domain('plain', '', true)}\n${domain('off', hostdev(0), false)}\n</node>\n`,
  )
  uri = `test://${file}`
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('running VMs using the card, from a real libvirt test driver', () => {
  it('names only the running domain that passes the card through', async () => {
    const found = await runningVmsUsing(new LocalHost(), uri, ['0000:01:00.0', '0000:01:00.1'])
    expect(found).toEqual({ vms: [GAMER] })
    expect(await runningVmsUsing(new LocalHost(), uri, ['0000:02:00.0'])).toEqual({ vms: [] })
  })

  it('says why when libvirt cannot be asked', async () => {
    const found = await runningVmsUsing(new LocalHost(), 'test:///nonexistent/node.xml', ['0000:01:00.0'])
    expect('error' in found && found.error.length > 0).toBe(true)
  })
})
