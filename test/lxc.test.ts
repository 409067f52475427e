/**
 * LXC on this computer with Debian's lxc and busybox-static: a busybox container linked to
 * libvirt's virbr0 (the testbed starts the default network), created, started, read, frozen,
 * attached, stopped, destroyed — and the missing-bridge failure read from lxc-start's log. No mocks.
 */
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LocalHost } from '../src/main/host/local-host.js'
import {
  attachLxc,
  createLxc,
  listLxc,
  listTemplates,
  lxcAction,
  lxcAvailability,
  lxcInfo,
  setLink,
  startLxc,
} from '../src/main/containers/lxc/commands.js'
import { hostileArgs } from './support/hostile-args.js'

const run = promisify(execFile)
const host = new LocalHost()
const made: string[] = []

function lxcName(prefix: string): string {
  const name = `${prefix}-${randomBytes(3).toString('hex')}`
  made.push(name)
  return name
}

beforeAll(async () => {
  try {
    await run('ip', ['link', 'show', 'virbr0'])
  } catch {
    throw new Error('virbr0 is missing: start libvirt’s default network (bash scripts/testbed.sh start)')
  }
})

afterAll(async () => {
  for (const name of made) await run('lxc-destroy', ['-n', name, '-f']).catch(() => undefined)
}, 60_000)

describe('LXC on this computer', () => {
  it('finds the tools and the templates, busybox offline and download needing the network', async () => {
    const availability = await lxcAvailability(host)
    expect(availability).toMatchObject({ state: 'ready' })
    expect(availability.state === 'ready' && availability.templates).toContain('busybox')
    const templates = await listTemplates(host)
    const busybox = templates.find((t) => t.name === 'busybox')
    expect(busybox).toMatchObject({ needsNetwork: false, path: '/usr/share/lxc/templates/lxc-busybox' })
    expect(busybox?.options.some((o) => o.includes('--busybox-path'))).toBe(true)
    expect(templates.find((t) => t.name === 'download')?.needsNetwork).toBe(true)
    // No network but loopback here: the download template says why it cannot work now.
    expect(templates.find((t) => t.name === 'download')?.offline).toMatch(
      /cannot resolve images\.linuxcontainers\.org|no default route/,
    )
    expect(busybox?.offline).toBeUndefined()
  })

  it('creates a busybox container on virbr0, starts, reads, freezes, attaches, stops, destroys', async () => {
    const name = lxcName('vd-lxc')
    await createLxc(host, { name, template: 'busybox', templateArgs: [], bridge: 'virbr0' })
    expect((await listLxc(host)).find((c) => c.name === name)).toMatchObject({ state: 'STOPPED' })
    expect(await startLxc(host, name)).toEqual({ ok: true })
    const info = await lxcInfo(host, name)
    expect(info).toMatchObject({ name, state: 'RUNNING' })
    expect(info.pid).toBeGreaterThan(1)
    expect(info.links[0]).toMatch(/^veth/)
    // The veth really is on virbr0.
    const { stdout } = await run('ip', ['-o', 'link', 'show', 'master', 'virbr0'])
    expect(stdout).toContain(info.links[0] ?? 'none')

    await lxcAction(host, name, 'freeze')
    expect((await lxcInfo(host, name)).state).toBe('FROZEN')
    await lxcAction(host, name, 'unfreeze')
    expect((await lxcInfo(host, name)).state).toBe('RUNNING')

    const tty = await attachLxc(host, name)
    let out = ''
    tty.stdout.on('data', (d: Buffer) => (out += d.toString()))
    // busybox's line editor asks the terminal where the cursor is (ESC[6n) and waits: answer as a terminal does.
    while (!out.includes('\x1b[6n')) await new Promise((r) => setTimeout(r, 10))
    tty.stdin.write('\x1b[1;3R')
    // It reads the answer and drops what came in the same read: type the command a moment later, as a person would.
    await new Promise((r) => setTimeout(r, 200))
    tty.stdin.write('echo in-$((6*7))-container; tty; exit\n')
    await tty.exited
    expect(out).toContain('in-42-container')
    expect(out).toMatch(/\/dev\/pts\/\d+/)

    const stopped = Date.now()
    await lxcAction(host, name, 'stop', { timeoutSec: 2 })
    expect((await lxcInfo(host, name)).state).toBe('STOPPED')
    expect(Date.now() - stopped).toBeLessThan(10_000)
    await lxcAction(host, name, 'destroy')
    await expect(lxcInfo(host, name)).rejects.toMatchObject({ code: 'NOT_FOUND' })
  }, 60_000)

  it('a missing bridge: start fails, the log is read and explained, the virbr0 fix makes it start', async () => {
    const name = lxcName('vd-lxc-br')
    await createLxc(host, { name, template: 'busybox', templateArgs: [], bridge: 'vdnobr0' })
    const outcome = await startLxc(host, name)
    expect(outcome.ok).toBe(false)
    expect(outcome.failure).toMatchObject({
      kind: 'missing-bridge',
      bridge: 'vdnobr0',
      fix: { path: `/var/lib/lxc/${name}/config`, key: 'lxc.net.0.link', value: 'virbr0' },
    })
    await setLink(host, name, outcome.failure?.fix?.value ?? '')
    expect(await startLxc(host, name)).toEqual({ ok: true })
    await lxcAction(host, name, 'destroy')
  }, 60_000)

  it('refuses hostile names before running anything', async () => {
    const { args, pwnedPath } = hostileArgs('lxc')
    for (const hostile of [...args, '../etc', 'a b']) {
      await expect(lxcInfo(host, hostile)).rejects.toMatchObject({ code: 'INVALID_INPUT' })
      await expect(
        createLxc(host, { name: hostile, template: 'busybox', templateArgs: [] }),
      ).rejects.toMatchObject({
        code: 'INVALID_INPUT',
      })
    }
    await expect(run('test', ['-e', pwnedPath])).rejects.toBeDefined()
  })
})
