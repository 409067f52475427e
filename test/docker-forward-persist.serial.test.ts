/**
 * The FORWARD-DROP fix on the real host, kept through a Docker restart and a libvirt network
 * restart. A libvirt network of this test (`forward mode='open'`: libvirt adds no firewall rule
 * for it, as for bridged guests) with a "guest" network namespace plugged into its bridge and a
 * "world" namespace routed by the host; the host's FORWARD policy set to DROP as Docker sets it.
 * The app's fix (DOCKER-USER accepts + the systemd unit) makes the ping pass; dockerd is restarted
 * and the network destroyed and started again — the ping still passes and the change verifies; the
 * unit's own commands put the rules back after they are lost (what systemd runs at boot: this
 * machine has no systemd as PID 1, so a real reboot cannot be shown); undo leaves DOCKER-USER,
 * /etc/systemd/system and the enablement as they were. Restarts dockerd: serial, exclusive lock.
 */
import { execFile } from 'node:child_process'
import { randomBytes, randomInt } from 'node:crypto'
import { access, readFile, rm, writeFile } from 'node:fs/promises'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  detectDaemonControl,
  restartDaemon,
  waitForDaemon,
} from '../src/main/containers/docker/daemon-control.js'
import { FORWARD_UNIT, FORWARD_UNIT_PATH, unitCommands } from '../src/main/containers/forward-unit.js'
import { startTestApp, type TestApp } from './support/app.js'
import { dockerCli, lockDockerd, requireDocker } from './support/docker.js'

const run = promisify(execFile)
const tag = randomBytes(3).toString('hex')
const NET = `vdctr-fwp-${tag}`
const BRIDGE = `virbr${randomInt(3000, 9999)}`
const G = `vdctr-fwp-g-${tag}`
const W = `vdctr-fwp-w-${tag}`
const WORLD_PEER = `vdfwp${tag}`
const URI = 'qemu:///system'

let t: TestApp
let release: (() => Promise<void>) | undefined
let policyBefore = 'ACCEPT'
let dockerUserBefore = ''
let changeId: string | undefined

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  )

async function iptables(args: string[]): Promise<string> {
  return (await run('iptables', ['-w', ...args])).stdout
}

async function virsh(args: string[]): Promise<string> {
  return (await run('virsh', ['-c', URI, ...args])).stdout
}

async function inNs(ns: string, file: string, args: string[]): Promise<string> {
  return (await run('ip', ['netns', 'exec', ns, file, ...args])).stdout
}

async function guestReachesWorld(): Promise<boolean> {
  return inNs(G, 'busybox', ['ping', '-c', '1', '-W', '1', '10.247.52.2']).then(
    () => true,
    () => false,
  )
}

/** The guest's link into the network's bridge (again after libvirt recreated the bridge). */
async function plugGuest(): Promise<void> {
  await run('ip', ['link', 'set', `${WORLD_PEER}g`, 'master', BRIDGE])
  await run('ip', ['link', 'set', `${WORLD_PEER}g`, 'up'])
}

const NETWORK_XML = `<network>
  <name>${NET}</name>
  <forward mode='open'/>
  <bridge name='${BRIDGE}' stp='off'/>
  <ip address='10.247.51.1' prefix='24'/>
</network>
`

beforeAll(async () => {
  release = await lockDockerd('exclusive')
  await requireDocker()
  if (await exists(FORWARD_UNIT_PATH))
    throw new Error(`${FORWARD_UNIT_PATH} exists already: a previous run left it; remove it first.`)
  policyBefore = /^-P FORWARD (\S+)/m.exec(await iptables(['-S', 'FORWARD']))?.[1] ?? 'ACCEPT'
  dockerUserBefore = await iptables(['-S', 'DOCKER-USER'])

  const xml = `/tmp/${NET}.xml`
  await writeFile(xml, NETWORK_XML)
  await virsh(['net-define', xml])
  await rm(xml)
  await virsh(['net-start', NET])

  for (const ns of [G, W]) await run('ip', ['netns', 'add', ns])
  await run('ip', ['link', 'add', 'g0', 'netns', G, 'type', 'veth', 'peer', 'name', `${WORLD_PEER}g`])
  await run('ip', ['link', 'add', 'w0', 'netns', W, 'type', 'veth', 'peer', 'name', WORLD_PEER])
  await plugGuest()
  await run('ip', ['addr', 'add', '10.247.52.1/24', 'dev', WORLD_PEER])
  await run('ip', ['link', 'set', WORLD_PEER, 'up'])
  for (const [ns, dev, addr] of [
    [G, 'g0', '10.247.51.2/24'],
    [W, 'w0', '10.247.52.2/24'],
  ] as const) {
    await inNs(ns, 'ip', ['addr', 'add', addr, 'dev', dev])
    await inNs(ns, 'ip', ['link', 'set', dev, 'up'])
    await inNs(ns, 'ip', ['link', 'set', 'lo', 'up'])
  }
  await inNs(G, 'ip', ['route', 'add', 'default', 'via', '10.247.51.1'])
  await inNs(W, 'ip', ['route', 'add', '10.247.51.0/24', 'via', '10.247.52.1'])
  t = startTestApp()
}, 150_000)

afterAll(async () => {
  await iptables(['-P', 'FORWARD', policyBefore]).catch(() => undefined)
  if (changeId !== undefined && (await exists(FORWARD_UNIT_PATH)))
    await t.call('changes.undo', { changeId, force: true }).catch(() => undefined)
  await t?.close()
  for (const ns of [G, W]) await run('ip', ['netns', 'delete', ns]).catch(() => undefined)
  await run('ip', ['link', 'delete', WORLD_PEER]).catch(() => undefined)
  await virsh(['net-destroy', NET]).catch(() => undefined)
  await virsh(['net-undefine', NET]).catch(() => undefined)
  await release?.()
}, 60_000)

describe('FORWARD fix kept through Docker and libvirt network restarts (real host, serial)', () => {
  it('fix → ping passes; dockerd restart and network restart keep it; the unit restores lost rules; undo leaves the host as before', async () => {
    expect(await guestReachesWorld()).toBe(true)
    await iptables(['-P', 'FORWARD', 'DROP'])
    expect(await guestReachesWorld()).toBe(false)

    const plan = await t.call('docker.forwardPlan', { hostId: 'local' })
    expect(plan.blockers).toEqual([])
    expect(plan.bridges).toContain(BRIDGE)
    expect(plan.files.map((f) => [f.path, f.before])).toEqual([[FORWARD_UNIT_PATH, null]])
    const change = await t.call('docker.forwardApply', { hostId: 'local', planId: plan.id })
    changeId = change.id
    expect(change.verification?.status).toBe('passed')
    expect(await guestReachesWorld()).toBe(true)
    expect((await run('systemctl', ['is-enabled', FORWARD_UNIT])).stdout.trim()).toBe('enabled')

    // Docker restart: dockerd re-creates its chains and re-inserts its FORWARD jumps.
    const host = await t.app.registry.get('local')
    const started = Date.now()
    await restartDaemon(host, await detectDaemonControl(host), 'Restart dockerd (FORWARD persistence test)')
    await waitForDaemon(() => dockerCli(['version', '--format', '{{.Server.Version}}'], 5_000))
    // eslint-disable-next-line no-console -- how long the restart took
    console.info(`dockerd restart: ${Date.now() - started} ms`)
    expect(await iptables(['-S', 'FORWARD'])).toContain('-A FORWARD -j DOCKER-USER')
    expect(await guestReachesWorld()).toBe(true)
    expect((await t.call('changes.verify', { changeId })).verification?.status).toBe('passed')

    // libvirt network restart: the bridge is destroyed and created again (the guest plugged back).
    await virsh(['net-destroy', NET])
    expect(await guestReachesWorld()).toBe(false)
    await virsh(['net-start', NET])
    await plugGuest()
    expect(await guestReachesWorld()).toBe(true)
    expect((await t.call('changes.verify', { changeId })).verification?.status).toBe('passed')

    // A reboot loses the rules; the unit's commands (what systemd runs at boot) bring them back.
    for (const rule of plan.rules) await iptables(rule.replace(/^-A /, '-D ').split(' '))
    expect(await guestReachesWorld()).toBe(false)
    expect((await t.call('changes.verify', { changeId })).verification?.status).toBe('failed')
    const unit = await readFile(FORWARD_UNIT_PATH, 'utf8')
    for (const { argv, mayFail } of unitCommands(unit)) {
      const [file = '', ...args] = argv
      const done = run(file, args)
      await (mayFail ? done.catch(() => undefined) : done)
    }
    expect(await guestReachesWorld()).toBe(true)
    expect((await t.call('changes.verify', { changeId })).verification?.status).toBe('passed')

    const undone = await t.call('changes.undo', { changeId, force: false })
    expect(undone.undo.verification?.status).toBe('passed')
    expect(await exists(FORWARD_UNIT_PATH)).toBe(false)
    expect(await exists(`/etc/systemd/system/docker.service.wants/${FORWARD_UNIT}`)).toBe(false)
    expect(await exists(`/etc/systemd/system/multi-user.target.wants/${FORWARD_UNIT}`)).toBe(false)
    expect(await iptables(['-S', 'DOCKER-USER'])).toBe(dockerUserBefore)
    expect(await guestReachesWorld()).toBe(false)
  }, 180_000)
})
