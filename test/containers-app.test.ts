/**
 * The containers channels through the app's router, as the renderer and the CLI call them, on this
 * computer's real dockerd and LXC: status, list and the `container.changed` event of an outside
 * stop, live stats as `container.stats` events until cancelled, logs, refused removal of an image
 * in use, LXC templates and a hostile LXC name refused by the contract. No mocks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from './support/app.js'
import {
  TEST_IMAGE,
  dockerCli,
  lockDockerd,
  removeContainers,
  requireDocker,
  uniqueDockerName,
} from './support/docker.js'

let t: TestApp
let release: () => Promise<void>
const name = uniqueDockerName('vd-app')

beforeAll(async () => {
  release = await lockDockerd('shared')
  await requireDocker()
  t = startTestApp()
}, 150_000)

afterAll(async () => {
  await removeContainers([name])
  await t?.close()
  await release?.()
}, 60_000)

describe('containers through the router', () => {
  it('status, create (keep-alive), list, and an outside stop as a container.changed event', async () => {
    expect(await t.call('docker.status', { hostId: 'local' })).toMatchObject({ state: 'ready' })
    const created = await t.call('docker.create', {
      hostId: 'local',
      spec: { image: TEST_IMAGE, name, keepAlive: true, command: ['sh', '-c', 'echo hello; sleep 1000'] },
    })
    expect(created).toMatchObject({ name, state: 'running', command: 'tail -f /dev/null' })
    const list = await t.call('docker.list', { hostId: 'local' })
    expect(list.some((c) => c.id === created.id)).toBe(true)

    await dockerCli(['stop', '-t', '0', name])
    const returned = Date.now()
    const seen = await t.waitEvent(
      'container.changed',
      (p) =>
        p.hostId === 'local' &&
        p.change.kind === 'updated' &&
        p.change.container.id === created.id &&
        p.change.container.state === 'exited',
      5000,
    )
    expect(seen.at - returned).toBeLessThanOrEqual(200)
    expect(
      (await t.call('docker.action', { hostId: 'local', id: name, action: 'start' })).container?.state,
    ).toBe('running')
  })

  it('live stats arrive as container.stats events until the call is cancelled', async () => {
    const opId = 'stats-watch'
    const watching = t.app.router.handle(
      { channel: 'docker.statsWatch', input: { hostId: 'local', ids: [name], intervalMs: 1000 }, opId },
      { sendProgress: () => undefined },
    )
    const stats = await t.waitEvent('container.stats', (p) => p.stats.some((s) => s.memoryUsage > 0), 10_000)
    expect(stats.payload.stats[0]).toMatchObject({ memoryLimit: expect.any(Number) as number })
    t.app.router.cancel(opId)
    expect(await watching).toMatchObject({ ok: true, value: { stopped: true } })
  })

  it('logs, image removal refused while in use, inspect', async () => {
    const details = await t.call('docker.inspect', { hostId: 'local', id: name })
    expect(details.command).toEqual(['tail', '-f', '/dev/null'])
    await expect(
      t.call('docker.remove', { hostId: 'local', kind: 'image', id: TEST_IMAGE }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
    })
    const logs = await t.call('docker.logs', { hostId: 'local', id: name, tail: 10, follow: false })
    expect(logs).toEqual([])
  })

  it('LXC: templates through the channel; a hostile name is refused by the contract', async () => {
    const templates = await t.call('lxc.templates', { hostId: 'local' })
    expect(templates.find((x) => x.name === 'busybox')?.needsNetwork).toBe(false)
    await expect(
      t.call('lxc.info', { hostId: 'local', name: 'x; touch /tmp/pwned-lxc-app' }),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    })
    await expect(
      t.call('docker.create', { hostId: 'local', spec: { image: TEST_IMAGE, name: '$(id)' } }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' })
  })
})
