/**
 * SPICE in remote-viewer, on real libvirtd + QEMU (SPICE on 127.0.0.1), locally and over SSH (the
 * tunnel on 127.0.0.1 rides the host's ssh2 connection). remote-viewer is a GUI program that cannot
 * run here: a stand-in viewer (mock) reads the .vv file it is given, connects where it says and
 * records the SPICE server's answer to a link message ("REDQ").
 */
import { access, chmod, readFile, writeFile } from 'node:fs/promises'
import { connect } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SpiceLauncher } from '../src/main/console/spice-launcher.js'
import type { TestApp } from './support/app.js'
import { consoleDomainXml } from './support/console-domains.js'
import { defineXml, diskDir } from './support/disk-domains.js'
import { otherVirsh, uniqueName } from './support/libvirt.js'
import { startSshApp, type SshApp } from './support/ssh-app.js'

let t: TestApp
let ssh: SshApp
let sshHostId: string
let dir: string
let removeDir: () => Promise<void>
let viewer: string

/** The stand-in viewer: argv[2] is the .vv file; it writes what it saw to $VIRTDECK_VIEWER_OUT. */
const STAND_IN = `
const fs = require('node:fs')
const net = require('node:net')
const path = process.argv[2]
const text = fs.readFileSync(path, 'utf8')
const mode = (fs.statSync(path).mode & 0o777).toString(8)
const get = (key) => (text.split('\\n').find((l) => l.startsWith(key + '=')) || '').slice(key.length + 1)
const socket = net.connect(Number(get('port')), get('host'))
const header = Buffer.alloc(16)
header.write('REDQ', 0, 'latin1')
header.writeUInt32LE(1, 4) // an old major version: the server answers with its own header
socket.write(header)
let reply = Buffer.alloc(0)
const done = () => {
  fs.writeFileSync(process.env.VIRTDECK_VIEWER_OUT, JSON.stringify({ path, text, mode, reply: reply.subarray(0, 4).toString('latin1') }))
  process.exit(0)
}
socket.on('data', (d) => { reply = Buffer.concat([reply, d]); if (reply.length >= 4) done() })
socket.on('error', done)
socket.on('close', done)
setTimeout(done, 8000)
`

beforeAll(async () => {
  ssh = await startSshApp({ libvirtd: true })
  t = ssh.t
  sshHostId = ssh.hostId
  ;({ dir, remove: removeDir } = await diskDir('virtdeck-spice-'))
  viewer = join(dir, 'remote-viewer')
  await writeFile(viewer, `#!${process.execPath}\n${STAND_IN}`)
  await chmod(viewer, 0o755)
}, 60_000)

afterAll(async () => {
  await ssh?.stop()
  await removeDir?.()
}, 60_000)

async function viewThrough(hostId: string): Promise<void> {
  const name = uniqueName('vd-spice', true)
  const password = 'p$(x);"q'
  const uuid = await defineXml(consoleDomainXml(name, 'spice', password), dir, name)
  ssh.created.push(uuid)
  await otherVirsh(['start', '--domain', uuid])
  const out = join(dir, `viewer-${hostId}.json`)
  process.env['VIRTDECK_VIEWER_OUT'] = out
  let exited: (code: number | null) => void = () => undefined
  const ended = new Promise<number | null>((resolve) => (exited = resolve))
  const launcher = new SpiceLauncher({
    connection: (id) => t.app.libvirt.get(id),
    findViewer: async () => viewer,
    onViewerExit: (code) => exited(code),
  })
  const launch = await launcher.open({ hostId, uuid, name })
  expect(launch.tunnelled).toBe(hostId !== 'local')
  expect(launch.connectTo).toMatch(/^127\.0\.0\.1:\d+$/)
  expect(await ended).toBe(0)
  const seen = JSON.parse(await readFile(out, 'utf8')) as {
    path: string
    text: string
    mode: string
    reply: string
  }
  expect(seen.reply).toBe('REDQ')
  expect(seen.mode).toBe('600')
  expect(seen.text).toContain('type=spice\n')
  expect(seen.text).toContain(`password=${password}\n`)
  expect(seen.text).toContain(`title=${name} — VirtDeck\n`)
  // The .vv file and its folder are gone once the viewer ended; so is an SSH tunnel.
  await new Promise((r) => setTimeout(r, 100))
  await expect(access(seen.path)).rejects.toThrow()
  const vv = /port=(\d+)/.exec(seen.text)
  expect(vv).not.toBeNull()
  if (hostId !== 'local') {
    const refused = await new Promise<boolean>((resolve) => {
      const socket = connect(Number(vv?.[1]), '127.0.0.1')
      socket.once('connect', () => resolve(false)).once('error', () => resolve(true))
    })
    expect(refused).toBe(true)
  }
  await otherVirsh(['destroy', '--domain', uuid])
}

describe('SPICE in remote-viewer', () => {
  it('writes a .vv file and the viewer reaches the SPICE server on this computer (mock viewer)', async () => {
    await viewThrough('local')
  }, 60_000)

  it('tunnels through the SSH connection while the viewer runs (mock viewer)', async () => {
    await viewThrough(sshHostId)
  }, 60_000)

  it('adds a VNC display to a SPICE-only VM as a change: diff, apply, verified, the screen then opens; undo', async () => {
    const name = uniqueName('vd-addvnc', true)
    const uuid = await defineXml(consoleDomainXml(name, 'spice'), dir, name)
    ssh.created.push(uuid)
    const plan = await t.call('console.addVncPlan', { hostId: 'local', uuid, name })
    expect(plan.valid).toBe(true)
    expect(plan.diff).toContain("+    <graphics type='vnc' port='-1' autoport='yes' listen='127.0.0.1'/>")
    // Nothing changed yet.
    expect(await otherVirsh(['dumpxml', '--domain', uuid, '--inactive'])).not.toContain("type='vnc'")
    const record = await t.call('console.addVncApply', { hostId: 'local', planId: plan.id })
    expect(record).toMatchObject({ capability: 'console', verification: { status: 'passed' } })
    expect(await otherVirsh(['dumpxml', '--domain', uuid, '--inactive'])).toContain("type='vnc'")
    await expect(t.call('console.addVncPlan', { hostId: 'local', uuid, name })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: `The VM ${name} already has a VNC display`,
    })
    await otherVirsh(['start', '--domain', uuid])
    const greeting = await new Promise<string>((resolve, reject) => {
      void t.app.pipes
        .open('vm.vnc', { hostId: 'local', uuid, name }, new AbortController().signal)
        .then((conn) => {
          conn.stream.once('data', (chunk: Buffer) => {
            resolve(chunk.subarray(0, 12).toString('latin1'))
            conn.close()
          })
        }, reject)
    })
    expect(greeting).toMatch(/^RFB 003\.00\d\n$/)
    await otherVirsh(['destroy', '--domain', uuid])
    const undone = await t.call('changes.undo', { changeId: record.id, force: false })
    expect(undone).toBeDefined()
    expect(await otherVirsh(['dumpxml', '--domain', uuid, '--inactive'])).not.toContain("type='vnc'")
  }, 60_000)

  it('says how to install remote-viewer where it is missing, before touching the VM', async () => {
    const launcher = new SpiceLauncher({
      connection: () => Promise.reject(new Error('not reached')),
      findViewer: async () => undefined,
    })
    await expect(
      launcher.open({ hostId: 'local', uuid: '00000000-0000-4000-8000-000000000001' }),
    ).rejects.toMatchObject({
      code: 'COMMAND_NOT_FOUND',
      message: 'remote-viewer is not installed on this computer',
      detail: expect.stringContaining('sudo apt install virt-viewer') as unknown,
    })
  })
})
