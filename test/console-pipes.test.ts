/**
 * The console pipes on real libvirtd + QEMU (TCG), through the harness's WebSocket transport as
 * the page uses it, locally and over SSH (the loopback sshd; the VNC bytes ride a direct-tcpip
 * channel of the host's one ssh2 connection). Diskless domains: SeaBIOS prints to the serial port,
 * QEMU's VNC server greets with its RFB version. The domain names are hostile.
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness } from '../src/harness/server.js'
import type { Harness } from '../src/harness/server.js'
import type { TestApp } from './support/app.js'
import { consoleDomainXml } from './support/console-domains.js'
import type { ConsoleDisplay } from './support/console-domains.js'
import { defineXml, diskDir } from './support/disk-domains.js'
import { otherVirsh, uniqueName } from './support/libvirt.js'
import { collect, openHarnessPipe } from './support/pipes.js'
import { startSshApp, type SshApp } from './support/ssh-app.js'

let t: TestApp
let harness: Harness
let ssh: SshApp
let sshHostId: string
let dir: string
let removeDir: () => Promise<void>

beforeAll(async () => {
  ssh = await startSshApp({ libvirtd: true })
  t = ssh.t
  sshHostId = ssh.hostId
  ;({ dir, remove: removeDir } = await diskDir('virtdeck-console-'))
  await writeFile(join(dir, 'index.html'), '<html><head></head><body>renderer</body></html>')
  harness = await startHarness(t.app, { rendererDir: dir })
}, 60_000)

afterAll(async () => {
  await harness?.close()
  await ssh?.stop()
  await removeDir?.()
}, 60_000)

async function domain(
  display: ConsoleDisplay,
  start: 'paused' | 'running' | 'off',
  password = '',
): Promise<{ uuid: string; name: string }> {
  const name = uniqueName(`vd-con-${display}`, true)
  const uuid = await defineXml(consoleDomainXml(name, display, password), dir, name)
  ssh.created.push(uuid)
  if (start !== 'off')
    await otherVirsh(['start', '--domain', uuid, ...(start === 'paused' ? ['--paused'] : [])])
  return { uuid, name }
}

async function serialPrintsFirmware(hostId: string): Promise<void> {
  const { uuid, name } = await domain('vnc', 'paused')
  const pipe = openHarnessPipe(harness, 'vm.serial', { hostId, uuid, name })
  const output = collect(pipe)
  await pipe.ready
  await otherVirsh(['resume', '--domain', uuid])
  await output.until('SeaBIOS on the serial console', 15_000, (all) =>
    all.includes('Press ESC for boot menu'),
  )
  pipe.send(new TextEncoder().encode('\x1b'))
  await output.until('the boot menu the Esc key opens', 15_000, (all) => all.includes('Select boot device'))
  // Resize is accepted (a serial line has no size: nothing breaks).
  pipe.control({ type: 'resize', cols: 100, rows: 30 })
  const closed = new Promise((resolve) => pipe.onClose(resolve))
  await otherVirsh(['destroy', '--domain', uuid])
  // The VM stopping ends the pipe from main's side.
  expect(await closed).toEqual({})
}

async function vncGreets(hostId: string): Promise<void> {
  const { uuid, name } = await domain('vnc', 'running')
  const pipe = openHarnessPipe(harness, 'vm.vnc', { hostId, uuid, name })
  const output = collect(pipe)
  const info = await pipe.ready
  expect(info.passwordSet).toBe(false)
  expect(info.endpoint).toMatch(/^127\.0\.0\.1:59\d\d$/)
  await output.until('the RFB greeting', 10_000, (all) => all.length >= 12)
  expect(output.bytes().subarray(0, 12).toString('latin1')).toMatch(/^RFB 003\.00\d\n$/)
  // Our version back: the server then offers its security types (1 = none).
  pipe.send(new TextEncoder().encode('RFB 003.008\n'))
  await output.until('the security types', 10_000, (all) => all.length >= 14)
  expect([...output.bytes().subarray(13)]).toContain(1)
  pipe.close()
  await otherVirsh(['destroy', '--domain', uuid])
}

describe('console pipes on real libvirtd', () => {
  it('serial: the firmware’s text arrives and keys reach it, on this computer', async () => {
    await serialPrintsFirmware('local')
  }, 60_000)

  it('serial: the same over SSH', async () => {
    await serialPrintsFirmware(sshHostId)
  }, 60_000)

  it('vnc: QEMU’s VNC server answers through the pipe on this computer', async () => {
    await vncGreets('local')
  }, 60_000)

  it('vnc: the same over SSH (direct-tcpip on the host’s connection, nothing on the remote)', async () => {
    await vncGreets(sshHostId)
  }, 60_000)

  it('vnc: a key sent as an RFB KeyEvent through the pipe reaches the guest (Esc opens SeaBIOS’s boot menu)', async () => {
    const { uuid, name } = await domain('vnc', 'paused')
    const serial = openHarnessPipe(harness, 'vm.serial', { hostId: 'local', uuid, name })
    const text = collect(serial)
    await serial.ready
    const vnc = openHarnessPipe(harness, 'vm.vnc', { hostId: 'local', uuid, name })
    const screen = collect(vnc)
    await vnc.ready
    // RFB 3.8 handshake, security type None, shared ClientInit, then the ServerInit (24 bytes + name).
    await screen.until('the RFB greeting', 10_000, (all) => all.length >= 12)
    vnc.send(new TextEncoder().encode('RFB 003.008\n'))
    await screen.until(
      'the security types',
      10_000,
      (all) => all.length >= 13 && all.length >= 13 + (all[12] ?? 0),
    )
    vnc.send(Uint8Array.of(1))
    const afterTypes = 13 + (screen.bytes()[12] ?? 0)
    await screen.until('the security result', 10_000, (all) => all.length >= afterTypes + 4)
    expect(screen.bytes().readUInt32BE(afterTypes)).toBe(0)
    vnc.send(Uint8Array.of(1))
    await screen.until('the ServerInit', 10_000, (all) => all.length >= afterTypes + 4 + 24)
    await otherVirsh(['resume', '--domain', uuid])
    await text.until('SeaBIOS offering its boot menu', 15_000, (all) =>
      all.includes('Press ESC for boot menu'),
    )
    const key = (down: number): Uint8Array => Uint8Array.of(4, down, 0, 0, 0, 0, 0xff, 0x1b)
    vnc.send(key(1))
    vnc.send(key(0))
    await text.until('the boot menu the VNC key opened', 15_000, (all) => all.includes('Select boot device'))
    vnc.close()
    serial.close()
    await otherVirsh(['destroy', '--domain', uuid])
  }, 60_000)

  it('vnc: says a password is set (never its value), and explains SPICE-only, no display, not running', async () => {
    const secret = 'p$(x);"q'
    const locked = await domain('vnc-password', 'running', secret)
    const pipe = openHarnessPipe(harness, 'vm.vnc', { hostId: 'local', ...locked })
    const info = await pipe.ready
    expect(info.passwordSet).toBe(true)
    expect(JSON.stringify(info)).not.toContain(secret)
    pipe.close()
    await otherVirsh(['destroy', '--domain', locked.uuid])

    const spice = await domain('spice', 'off')
    await expect(
      openHarnessPipe(harness, 'vm.vnc', { hostId: 'local', ...spice }).ready,
    ).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: `The VM ${spice.name} shows its screen over SPICE only`,
      data: { graphics: 'spice' },
    })
    const none = await domain('none', 'off')
    await expect(
      openHarnessPipe(harness, 'vm.vnc', { hostId: 'local', ...none }).ready,
    ).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: `The VM ${none.name} has no graphical display`,
      data: { graphics: 'none' },
    })
    const off = await domain('vnc', 'off')
    await expect(openHarnessPipe(harness, 'vm.vnc', { hostId: 'local', ...off }).ready).rejects.toMatchObject(
      {
        code: 'CONFLICT',
        message: `The VM ${off.name} is not running on This computer`,
      },
    )
  }, 60_000)
})
