import { existsSync } from 'node:fs'
import { chmod, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HostInputDevices } from '@shared/passthrough-inputs.js'
import { createApp } from '../src/main/app.js'
import type { App } from '../src/main/app.js'
import { LocalHost } from '../src/main/host/local-host.js'
import type { SshHost } from '../src/main/host/ssh-host.js'
import {
  BY_ID_SCRIPT,
  NO_BY_ID_NOTE,
  NO_EVENT_NOTE,
  readInputDevices,
} from '../src/main/passthrough/input-devices.js'
import { createEphemeralCipher } from '../src/main/store/ephemeral-cipher.js'
import { hostileArgs } from './support/hostile-args.js'
import { inputFixture, listingLinks, writeInputTree } from './support/input-tree.js'
import { call } from './support/router.js'
import { startSshLink, type SshLink } from './support/ssh-app.js'
import { DEFAULT_TOOLS, TempRootHost } from './support/temp-root-host.js'

/**
 * The host's /dev/input/by-id listed on CAPTURED roots built from real `ls -l` listings
 * (test/fixtures/passthrough-input/SOURCES.md): through the app's router on a temp-root host, with
 * a LocalHost, over real SSH (loopback sshd), with hostile file names, and with no by-id folder.
 */

const roots: string[] = []
async function root(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'virtdeck-evdev-'))
  roots.push(dir)
  return dir
}
afterAll(async () => {
  await Promise.all(roots.map((r) => rm(r, { recursive: true, force: true })))
})

const rows = (list: HostInputDevices): [string, string, string | null][] =>
  list.devices.map((d) => [d.kind, d.label, d.device])

const OPENRAZER: [string, string, string | null][] = [
  ['keyboard', 'Logitech USB Receiver (keyboard)', '/dev/input/event4'],
  ['keyboard', 'Razer Huntsman V3 Pro Mini (keyboard)', '/dev/input/event12'],
  ['keyboard', 'Razer Huntsman V3 Pro Mini (keyboard, interface 1)', '/dev/input/event17'],
  ['mouse', 'Logitech USB Receiver (mouse)', '/dev/input/event3'],
  ['mouse', 'Razer Huntsman V3 Pro Mini (mouse)', '/dev/input/event20'],
  ['other', 'HP Inc HyperX Cloud III Wireless (input)', '/dev/input/event15'],
  ['other', 'Razer Huntsman V3 Pro Mini (input)', '/dev/input/event18'],
]

describe('passthrough.inputDevices through the router (captured root, temp-root host)', () => {
  let app: App
  let machine: TempRootHost
  let hostId: string
  beforeAll(async () => {
    const dataDir = await root()
    let readRoot = ''
    app = createApp({
      dataDir,
      cipher: createEphemeralCipher(),
      homeDir: dataDir,
      passthroughReadRoot: () => readRoot,
    })
    const saved = await call(app, 'hosts.add', {
      kind: 'local',
      name: 'Gaming rig',
      libvirtUri: 'test:///default',
    })
    hostId = saved.id
    machine = await TempRootHost.create({ id: hostId, tools: [...DEFAULT_TOOLS, 'find'] })
    readRoot = machine.root
    app.registry.register(hostId, machine)
  })
  afterAll(async () => {
    await app.close()
    await machine.dispose()
  })

  it('captured openrazer#2592 listing: keyboards, mice, the rest, each with its event node; -mouse links left out', async () => {
    await writeInputTree(
      machine.root,
      listingLinks(inputFixture('openrazer-2592-logitech-receiver-razer.txt')),
    )
    const list = await call(app, 'passthrough.inputDevices', { hostId })
    expect([list.hostId, list.byId, list.note]).toEqual([hostId, true, null])
    expect(rows(list)).toEqual(OPENRAZER)
    expect(list.devices[3]?.path).toBe('/dev/input/by-id/usb-Logitech_USB_Receiver-event-mouse')
    expect(list.devices.every((d) => d.problem === null)).toBe(true)
    // One command, the fixed script; the only variable part is the root, as an argument.
    expect(machine.execCalls.at(-1)).toEqual({
      file: 'sh',
      args: ['-c', BY_ID_SCRIPT, 'virtdeck-input-devices', machine.root],
    })
  })

  it('an unknown host and extra input are refused', async () => {
    await expect(call(app, 'passthrough.inputDevices', { hostId: 'no-such-host' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    })
    await expect(
      call(app, 'passthrough.inputDevices', { hostId, root: '/' } as { hostId: string }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' })
  })
})

describe('readInputDevices on captured roots (LocalHost)', () => {
  it('captured eruption#96 listing (the user’s own ls columns): ROCCAT keyboard, its mouse interface, two bare interfaces', async () => {
    const dir = await root()
    await writeInputTree(dir, listingLinks(inputFixture('eruption-96-roccat-vulcan.txt')))
    const list = await readInputDevices(new LocalHost(), dir)
    expect(rows(list)).toEqual([
      ['keyboard', 'ROCCAT Vulcan AIMO (keyboard)', '/dev/input/event6'],
      ['keyboard', 'ROCCAT Vulcan AIMO (keyboard, interface 3)', '/dev/input/event28'],
      ['mouse', 'ROCCAT Vulcan AIMO (mouse)', '/dev/input/event7'],
      ['other', 'ROCCAT Vulcan AIMO (input, interface 1)', '/dev/input/event11'],
      ['other', 'ROCCAT Vulcan AIMO (input, interface 2)', '/dev/input/event10'],
    ])
  })

  it('no /dev/input/by-id (a server without USB input): an empty list and what to do', async () => {
    const dir = await root()
    await mkdir(join(dir, 'dev/input'), { recursive: true })
    const list = await readInputDevices(new LocalHost(), dir)
    expect(list).toEqual({ hostId: 'local', byId: false, devices: [], note: NO_BY_ID_NOTE })
  })

  it('a by-id folder with no event link (only -mouse / -joystick nodes): empty, with its own note', async () => {
    const dir = await root()
    await writeInputTree(dir, [{ name: 'usb-Logitech_USB_Receiver-mouse', target: '../mouse0' }])
    const list = await readInputDevices(new LocalHost(), dir)
    expect([list.byId, list.devices, list.note]).toEqual([true, [], NO_EVENT_NOTE])
  })

  it('hostile file names (quotes, $(…), backticks, ;, newlines, unicode) are listed as data and never run', async () => {
    const dir = await root()
    const pwned = `pwned-evdev-${process.pid}`
    const parts = [
      ...hostileArgs('evdev').args.filter((a) => a !== '' && !a.includes('/')),
      `$(touch ${pwned})`,
      `\`touch ${pwned}\``,
      `; touch ${pwned} #`,
      'two\nlines\n',
    ]
    const links = parts.map((p, i) => ({ name: `usb-${p}-event-kbd`, target: `../event${100 + i}` }))
    links.push({ name: 'usb-Odd_Target-event-mouse', target: "../ev'il $(touch x)\nnode" })
    await writeInputTree(dir, links)
    expect(await readdir(join(dir, 'dev/input/by-id'))).toHaveLength(links.length)
    const list = await readInputDevices(new LocalHost(), dir)
    expect(list.devices.map((d) => d.name).sort()).toEqual(links.map((l) => l.name).sort())
    for (const [i, link] of links.entries()) {
      const device = list.devices.find((d) => d.name === link.name)
      expect(device?.device).toBe(
        i < parts.length ? `/dev/input/event${100 + i}` : "/dev/input/ev'il $(touch x)\nnode",
      )
      expect(device?.label).not.toMatch(/\n/)
      expect(device?.problem === null).toBe(!/['\n]/.test(link.name))
    }
    expect(existsSync(join(process.cwd(), pwned))).toBe(false)
    expect(existsSync(join(dir, pwned))).toBe(false)
    expect(existsSync('/tmp/pwned-evdev')).toBe(false)
  })
})

describe('readInputDevices over SSH (loopback sshd, captured root)', () => {
  let ssh: SshLink
  let host: SshHost
  let dir: string
  beforeAll(async () => {
    ssh = await startSshLink({ host: { id: 'evdev-ssh' } })
    host = ssh.host
    dir = await root()
    await writeInputTree(dir, listingLinks(inputFixture('openrazer-2592-logitech-receiver-razer.txt')))
    // mkdtemp makes the folder private; the SSH test account must be able to read the tree.
    await chmod(dir, 0o755)
  }, 30_000)
  afterAll(async () => {
    await ssh.stop()
  })

  it('captured openrazer#2592 over SSH: the same list as locally', async () => {
    const remote = await readInputDevices(host, dir)
    expect(rows(remote)).toEqual(OPENRAZER)
    expect(remote).toEqual({ ...(await readInputDevices(new LocalHost(), dir)), hostId: 'evdev-ssh' })
  })
})
