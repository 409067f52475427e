/**
 * A harness tab that goes away takes its open calls with it: two `stats.watch` calls opened over the
 * harness's `/rpc` WebSocket (with its token, as the shim does) sample this computer's real libvirtd;
 * another tab cannot cancel them; once the first socket closes, sampling stops (no watcher left, no
 * more rounds) within a bound. No mocks.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { createApp } from '../src/main/app.js'
import type { App } from '../src/main/app.js'
import { createEphemeralCipher } from '../src/main/store/ephemeral-cipher.js'
import { startHarness } from '../src/harness/server.js'
import type { Harness } from '../src/harness/server.js'
import { lockLibvirtd, waitFor } from './support/libvirt.js'
import { call } from './support/router.js'

/** From the socket's close to the sampler stopping. The watch ends on abort at once; the bound allows a loaded machine. */
const STOP_BOUND_MS = 1000

let dir: string
let app: App
let harness: Harness
let release: () => Promise<void>
let rounds = 0
const sockets: WebSocket[] = []

beforeAll(async () => {
  release = await lockLibvirtd('shared')
  dir = await mkdtemp(join(tmpdir(), 'virtdeck-harness-cancel-'))
  await writeFile(join(dir, 'index.html'), '<html><head></head><body>renderer</body></html>')
  app = createApp({ dataDir: join(dir, 'data'), cipher: createEphemeralCipher(), homeDir: dir })
  app.bus.subscribe((name, payload) => {
    if (name === 'stats.sample' && (payload as { hostId: string }).hostId === 'local') rounds += 1
  })
  harness = await startHarness(app, { rendererDir: dir })
}, 30_000)

afterAll(async () => {
  for (const socket of sockets) socket.terminate()
  await harness?.close()
  await app?.close()
  if (dir !== undefined) await rm(dir, { recursive: true, force: true })
  await release?.()
}, 30_000)

/** A tab's RPC socket, opened as the shim opens it (the token in the query). */
async function tab(): Promise<WebSocket> {
  const socket = new WebSocket(`ws://127.0.0.1:${harness.port}/rpc?token=${harness.token}`)
  sockets.push(socket)
  await new Promise<void>((resolve, reject) => socket.once('open', resolve).once('error', reject))
  return socket
}

const sampling = async (): Promise<boolean> =>
  (await call(app, 'stats.history', { hostId: 'local', range: 'hour' })).sampling

describe('harness: a closed tab cancels its open calls', () => {
  it('stops every stats.watch of the socket when it closes; another tab cannot cancel them', async () => {
    const a = await tab()
    const results: unknown[] = []
    a.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string }
      if (message.type === 'result') results.push(message)
    })
    for (const [id, opId] of [
      [1, 'tab-a-watch-1'],
      [2, 'tab-a-watch-2'],
    ] as const)
      a.send(
        JSON.stringify({
          type: 'call',
          id,
          request: { channel: 'stats.watch', input: { hostId: 'local' }, opId },
        }),
      )
    await waitFor('a sampling round', 15_000, () => (rounds > 0 ? true : undefined))
    expect(await sampling()).toBe(true)

    // Another tab sends a cancel for a's watch: not its call, nothing stops.
    const b = await tab()
    b.send(JSON.stringify({ type: 'cancel', opId: 'tab-a-watch-1' }))
    const before = rounds
    await waitFor('rounds going on', 5000, () => (rounds >= before + 2 ? true : undefined))
    expect(await sampling()).toBe(true)
    expect(results).toEqual([])

    // The tab closes without cancelling anything itself.
    const closedAt = performance.now()
    a.close()
    await waitFor('the sampler to stop', STOP_BOUND_MS, async () => ((await sampling()) ? undefined : true))
    const stoppedMs = performance.now() - closedAt
    expect(stoppedMs).toBeLessThan(STOP_BOUND_MS)
    // A round already under way may still land; after that, none.
    await new Promise((resolve) => setTimeout(resolve, 1200))
    const settled = rounds
    await new Promise((resolve) => setTimeout(resolve, 2000))
    expect(rounds).toBe(settled)
    process.stderr.write(
      `harness cancel: sampler stopped ${stoppedMs.toFixed(1)} ms after the socket closed\n`,
    )
    b.close()
  }, 40_000)
})
