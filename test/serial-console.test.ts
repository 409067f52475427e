/**
 * The serial console stream on the real libvirtd + QEMU (TCG): a diskless domain whose SeaBIOS
 * prints to the serial port (`<bios useserial='yes'/>`, boot menu on). Started paused, the console
 * attached, then resumed, so the firmware's first words arrive through the stream; a key (Esc)
 * reaches the guest and opens the boot menu. The domain name is hostile: it must never reach a shell.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openSerialConsole } from '../src/main/console/serial.js'
import type { Host } from '../src/main/host/host.js'
import { LocalHost } from '../src/main/host/local-host.js'
import { buildElement, createElement, createText } from '../src/main/libvirt/xml/index.js'
import { diskDir, defineXml } from './support/disk-domains.js'
import { lockLibvirtd, otherVirsh, removeDomain, SYSTEM_URI, uniqueName, waitFor } from './support/libvirt.js'
import { startSshLink } from './support/ssh-app.js'

let release: () => Promise<void>
let removeDir: () => Promise<void>
let dir: string
const created: string[] = []

beforeAll(async () => {
  release = await lockLibvirtd('shared')
  ;({ dir, remove: removeDir } = await diskDir('virtdeck-serial-'))
}, 60_000)

afterAll(async () => {
  for (const uuid of created) await removeDomain(uuid)
  await removeDir?.()
  await release?.()
}, 60_000)

function serialDomainXml(name: string): string {
  const text = (
    tag: string,
    value: string,
    attrs: Record<string, string> = {},
  ): ReturnType<typeof createElement> => createElement(tag, attrs, [createText(value)])
  return `${buildElement(
    createElement('domain', { type: 'qemu' }, [
      text('name', name),
      text('memory', '64', { unit: 'MiB' }),
      text('vcpu', '1'),
      createElement('os', {}, [
        text('type', 'hvm', { arch: 'x86_64', machine: 'pc' }),
        createElement('bootmenu', { enable: 'yes', timeout: '5000' }),
        createElement('bios', { useserial: 'yes' }),
      ]),
      createElement('devices', {}, [
        createElement('serial', { type: 'pty' }),
        createElement('console', { type: 'pty' }),
      ]),
    ]),
  )}\n`
}

/** Starts the domain paused, attaches, resumes: SeaBIOS's boot menu offer arrives, Esc opens the menu. */
async function bootToMenu(host: Host, name: string, uuid: string, where: string): Promise<number> {
  await otherVirsh(['start', '--domain', uuid, '--paused'])
  const started = Date.now()
  const serial = await openSerialConsole(host, { uri: SYSTEM_URI, domain: name, where })
  let output = ''
  serial.stream.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
  await otherVirsh(['resume', '--domain', uuid])
  await waitFor('SeaBIOS to offer its boot menu on the serial port', 15_000, () =>
    output.includes('Press ESC for boot menu') ? true : undefined,
  )
  const firstWords = Date.now() - started
  serial.stream.write('\x1b')
  await waitFor('the boot menu the Esc key opens', 15_000, () =>
    output.includes('Select boot device') ? true : undefined,
  )
  // Only the guest's bytes: virsh's own banner was cut.
  expect(output).not.toContain('Escape character is')
  serial.close()
  await serial.ended
  await otherVirsh(['destroy', '--domain', uuid])
  return firstWords
}

describe('serial console stream', () => {
  it('carries the firmware’s output from a booting domain, and keys to it', async () => {
    const name = uniqueName('vd-serial', true)
    const uuid = await defineXml(serialDomainXml(name), dir, name)
    created.push(uuid)
    expect(await bootToMenu(new LocalHost(), name, uuid, 'this computer')).toBeLessThan(15_000)
  }, 60_000)

  it('works the same over SSH (the names travel in the environment, not in a command line)', async () => {
    const { host, stop } = await startSshLink({ host: { id: 'ssh-serial' } })
    try {
      const name = uniqueName('vd-serial-ssh', true)
      const uuid = await defineXml(serialDomainXml(name), dir, name)
      created.push(uuid)
      expect(await bootToMenu(host, name, uuid, '127.0.0.1')).toBeLessThan(15_000)
    } finally {
      await stop()
    }
  }, 90_000)

  it('explains a VM that is not running, without virsh’s raw words as the message', async () => {
    const name = uniqueName('vd-serial-off', true)
    const uuid = await defineXml(serialDomainXml(name), dir, name)
    created.push(uuid)
    await expect(
      openSerialConsole(new LocalHost(), { uri: SYSTEM_URI, domain: uuid, where: 'this computer' }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      message: `The VM ${uuid} is not running on this computer`,
    })
  }, 30_000)
})
