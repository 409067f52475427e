/**
 * Graph sampling on real libvirtd: a running diskless TCG domain (hostile name) on qemu:///system,
 * watched locally and through the loopback sshd as a saved SSH host. One `domstats` per round for
 * every running VM, the host's /proc read through its Host, rounds only while someone watches.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Events } from '@shared/protocol.js'
import { decodePng } from '../src/main/thumbnails/image.js'
import type { TestApp } from './support/app.js'
import {
  defineTiny,
  otherVirsh,
  removeDomain,
  tinyDomainXml,
  uniqueName,
  waitFor,
} from './support/libvirt.js'
import { startSshApp, type SshApp } from './support/ssh-app.js'

let t: TestApp
let ssh: SshApp
let sshHostId: string
let uuid = ''
const name = uniqueName('vd-stats', true)

beforeAll(async () => {
  ssh = await startSshApp({ libvirtd: true })
  t = ssh.t
  sshHostId = ssh.hostId
  const dir = await mkdtemp(join(tmpdir(), 'vd-stats-'))
  await writeFile(join(dir, 'd.xml'), tinyDomainXml(name))
  await otherVirsh(['create', '--file', join(dir, 'd.xml')])
  await rm(dir, { recursive: true, force: true })
  uuid = (await otherVirsh(['domuuid', '--domain', name])).trim()
  ssh.created.push(uuid)
}, 60_000)

afterAll(async () => {
  await ssh?.stop()
}, 60_000)

type Sample = Events['stats.sample']

/** The screenshot folders in /tmp (local and SSH user alike: the same machine). */
async function tempFolders(): Promise<string[]> {
  return (await readdir(tmpdir())).filter((f) => f.startsWith('virtdeck-screen.')).sort()
}

/** Starts a watch through the router; returns how to stop it and its result. */
function watch(hostId: string): { opId: string; done: Promise<unknown> } {
  const opId = `watch-${hostId}-${Math.random()}`
  const done = t.app.router.handle({ channel: 'stats.watch', input: { hostId }, opId })
  return { opId, done }
}

function roundsOf(hostId: string): Sample[] {
  return t.events
    .filter((e) => e.name === 'stats.sample')
    .map((e) => e.payload as Sample)
    .filter((p) => p.hostId === hostId)
}

describe.each([
  ['this computer', (): string => 'local'],
  ['an SSH host', (): string => sshHostId],
])('graph sampling on %s', (_label, host) => {
  it('samples every running VM once a second while watched, keeps the history, stops with the last watcher', async () => {
    const hostId = host()
    const a = watch(hostId)
    const b = watch(hostId)
    // Two watchers, one sampler: rounds come about once a second, not twice.
    const withCpu = await waitFor('a round with the VM CPU', 15_000, () =>
      roundsOf(hostId).find((r) => r.round.vms[name]?.cpuPercent !== undefined),
    )
    const vm = withCpu.round.vms[name]!
    expect(vm.cpuPercent).toBeGreaterThanOrEqual(0)
    expect(vm.cpuPercent).toBeLessThanOrEqual(100)
    expect(vm.memTotalBytes).toBeGreaterThan(0)
    expect(vm.memUsedBytes).toBeGreaterThan(0)
    expect(withCpu.round.host.runningVms).toBeGreaterThanOrEqual(1)
    expect(withCpu.round.host.memTotalBytes).toBeGreaterThan(0)
    expect(withCpu.round.host.cpuPercent).toBeGreaterThanOrEqual(0)
    expect(withCpu.round.host.vms.cpuPercent).toBeGreaterThanOrEqual(0)
    const firstAt = roundsOf(hostId)[0]!.round.at
    await new Promise((r) => setTimeout(r, 2500))
    const rounds = roundsOf(hostId).filter((r) => r.round.at >= firstAt)
    const spanS = (rounds.at(-1)!.round.at - firstAt) / 1000
    expect(rounds.length).toBeLessThanOrEqual(Math.ceil(spanS) + 2)

    const history = await t.call('stats.history', { hostId, vm: name, range: 'hour' })
    expect(history.sampling).toBe(true)
    expect(history.series.at.length).toBeGreaterThanOrEqual(3)
    expect(history.series.values.cpuPercent.some((v) => v !== null)).toBe(true)
    const hostHistory = await t.call('stats.history', { hostId, range: 'hour' })
    expect(hostHistory.series.values.memTotalBytes.some((v) => v !== null && v > 0)).toBe(true)
    expect(hostHistory.vmTotals?.values.memUsedBytes.some((v) => v !== null && v > 0)).toBe(true)

    t.app.router.cancel(a.opId)
    expect(await a.done).toEqual({ ok: true, value: { stopped: true } })
    const stillOne = roundsOf(hostId).length
    await waitFor('rounds go on for the other watcher', 5000, () =>
      roundsOf(hostId).length > stillOne + 1 ? true : undefined,
    )
    t.app.router.cancel(b.opId)
    await b.done
    await new Promise((r) => setTimeout(r, 300))
    const stopped = roundsOf(hostId).length
    await new Promise((r) => setTimeout(r, 2000))
    expect(roundsOf(hostId).length).toBe(stopped)
    // The past stays after the last watcher left.
    const after = await t.call('stats.history', { hostId, vm: name, range: 'hour' })
    expect(after.sampling).toBe(false)
    expect(after.series.at.length).toBeGreaterThanOrEqual(history.series.at.length)
  }, 60_000)
})

describe.each([
  ['this computer', (): string => 'local'],
  ['an SSH host', (): string => sshHostId],
])('screenshot thumbnails on %s', (_label, host) => {
  it('takes a small PNG of the running VM in a private temp folder that is removed', async () => {
    const hostId = host()
    const before = await tempFolders()
    const shot = await t.call('thumbnails.get', { hostId, uuid, maxWidth: 160 })
    expect(shot.kind).toBe('image')
    if (shot.kind !== 'image') return
    expect(shot.width).toBe(160)
    expect(shot.height).toBeGreaterThan(40)
    const png = Buffer.from(shot.dataUrl.replace('data:image/png;base64,', ''), 'base64')
    const image = decodePng(png)
    expect([image.width, image.height]).toEqual([shot.width, shot.height])
    expect(await tempFolders()).toEqual(before)
    // cached for a few seconds: the same picture again
    expect(await t.call('thumbnails.get', { hostId, uuid, maxWidth: 160 })).toEqual(shot)
  }, 30_000)
})

describe('screenshot thumbnails of VMs without a picture', () => {
  it('says a shut-off VM is not running; an unknown VM is NOT_FOUND', async () => {
    const off = uniqueName('vd-stats-off', true)
    const offUuid = await defineTiny(off)
    try {
      expect(await t.call('thumbnails.get', { hostId: 'local', uuid: offUuid, maxWidth: 160 })).toMatchObject(
        {
          kind: 'none',
          reason: 'not-running',
        },
      )
    } finally {
      await removeDomain(offUuid)
    }
    const missing = await t.app.router.handle({
      channel: 'thumbnails.get',
      input: { hostId: 'local', uuid: '00000000-0000-0000-0000-00000000beef' },
    })
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  }, 30_000)
})

describe('graph sampling ends', () => {
  it('when the host disconnects, and refuses an unknown host', async () => {
    const w = watch(sshHostId)
    await waitFor('a round over SSH', 15_000, () => (roundsOf(sshHostId).length > 0 ? true : undefined))
    await t.call('hosts.disconnect', { id: sshHostId })
    expect(await w.done).toEqual({ ok: true, value: { stopped: true } })
    const unknown = await t.app.router.handle({
      channel: 'stats.watch',
      input: { hostId: 'nope' },
      opId: 'x',
    })
    expect(unknown).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  }, 60_000)
})
