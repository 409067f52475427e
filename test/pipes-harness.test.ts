/**
 * Pipes over the harness's WebSocket transport, with real sockets end to end: the page side is the
 * shim's own code (Node's WebSocket), the source a real TCP echo server. Only the harness's token
 * opens a pipe; bytes arrive intact in both directions; a slow page pauses the source (bounded
 * memory in main); closing either side closes the other.
 */
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { connect, createServer } from 'node:net'
import type { AddressInfo, Server, Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Duplex } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { createApp } from '../src/main/app.js'
import type { App } from '../src/main/app.js'
import { createEphemeralCipher } from '../src/main/store/ephemeral-cipher.js'
import { startHarness } from '../src/harness/server.js'
import type { Harness } from '../src/harness/server.js'
import { collect, openHarnessPipe } from './support/pipes.js'

let dir: string
let app: App
let harness: Harness
let echo: Server
const echoSockets = new Set<Socket>()
let generated = 0

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'virtdeck-pipes-'))
  await writeFile(join(dir, 'index.html'), '<html><head></head><body>renderer</body></html>')
  app = createApp({ dataDir: join(dir, 'data'), cipher: createEphemeralCipher(), homeDir: dir })
  harness = await startHarness(app, { rendererDir: dir })
  echo = createServer((socket) => {
    echoSockets.add(socket)
    socket.on('close', () => echoSockets.delete(socket))
    socket.pipe(socket)
  })
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve))
  const echoPort = (echo.address() as AddressInfo).port
  // Sources for the transport under test (the VM kinds are tested on libvirt in console-*.test.ts):
  // a real TCP echo for `vm.vnc`, an endless producer for `vm.serial`.
  app.pipes.register('vm.vnc', async () => {
    const socket = connect(echoPort, '127.0.0.1')
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject))
    return {
      stream: socket,
      info: { where: 'test', passwordSet: false, endpoint: 'echo' },
      close: () => socket.destroy(),
    }
  })
  app.pipes.register('vm.serial', async () => {
    const chunk = randomBytes(64 * 1024)
    const stream = new Duplex({
      read() {
        generated += chunk.length
        this.push(chunk)
      },
      write(_chunk, _encoding, done) {
        done()
      },
    })
    return { stream, info: { where: 'test' }, close: () => stream.destroy() }
  })
}, 30_000)

afterAll(async () => {
  await harness?.close()
  await app?.close()
  await new Promise<void>((resolve) => echo?.close(() => resolve()))
  await rm(dir, { recursive: true, force: true })
})

const ref = { hostId: 'local', uuid: '00000000-0000-4000-8000-000000000001' }

/** The status line of an upgrade request to `path`, sent raw. */
async function upgradeStatus(path: string, headers: string[] = []): Promise<number> {
  const socket = connect(harness.port, '127.0.0.1')
  socket.setTimeout(3000, () => socket.destroy())
  socket.write(
    [
      `GET ${path} HTTP/1.1`,
      `Host: 127.0.0.1:${harness.port}`,
      ...headers,
      'Connection: Upgrade',
      'Upgrade: websocket',
      'Sec-WebSocket-Version: 13',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
      '',
      '',
    ].join('\r\n'),
  )
  const answer = await new Promise<string>((resolve) => {
    let text = ''
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1')
      if (text.includes('\r\n\r\n')) resolve(text)
    })
    socket.on('close', () => resolve(text))
  })
  socket.destroy()
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0)
}

describe('pipes over the harness WebSocket', () => {
  it('refuses a missing or wrong token and a foreign origin; takes the harness token', async () => {
    expect(await upgradeStatus('/pipe')).toBe(403)
    expect(await upgradeStatus('/pipe?token=')).toBe(403)
    expect(await upgradeStatus(`/pipe?token=${harness.token.slice(0, -1)}x`)).toBe(403)
    expect(await upgradeStatus(`/pipe?token=${harness.token}`, ['Origin: http://evil.example'])).toBe(403)
    expect(await upgradeStatus(`/pipe?token=${harness.token}`)).toBe(101)
  })

  it('carries 8 MiB each way through a real TCP echo, byte for byte', async () => {
    const pipe = openHarnessPipe(harness, 'vm.vnc', ref)
    expect(await pipe.ready).toEqual({ where: 'test', passwordSet: false, endpoint: 'echo' })
    const received = collect(pipe)
    const payload = randomBytes(8 * 1024 * 1024)
    for (let offset = 0; offset < payload.length; offset += 100_000)
      pipe.send(payload.subarray(offset, offset + 100_000))
    await received.until('the echo of 8 MiB', 20_000, (all) => all.length >= payload.length)
    expect(received.bytes().equals(payload)).toBe(true)
    const closed = new Promise((resolve) => pipe.onClose(resolve))
    pipe.close()
    expect(await closed).toEqual({})
    // The page closing the pipe closes the source's TCP connection.
    const deadline = Date.now() + 5000
    while (echoSockets.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
    expect(echoSockets.size).toBe(0)
  }, 30_000)

  it('refuses an unknown kind and bad arguments with the reason, before opening anything', async () => {
    const unknown = openHarnessPipe(harness, 'vm.nope' as 'vm.vnc', ref)
    await expect(unknown.ready).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: 'There is no console of kind "vm.nope"',
    })
    const bad = openHarnessPipe(harness, 'vm.vnc', { hostId: 'local', uuid: '$(reboot); x' })
    await expect(bad.ready).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    const closed = await new Promise<{ error?: unknown }>((resolve) => bad.onClose(resolve))
    expect(closed.error).toMatchObject({ code: 'INVALID_INPUT' })
  })

  it('pauses the source while the page does not read (bounded memory in main), resumes after', async () => {
    generated = 0
    const ws = new WebSocket(`ws://127.0.0.1:${harness.port}/pipe?token=${harness.token}`)
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
    let received = 0
    ws.on('message', (data: Buffer, binary) => {
      if (binary) received += data.length
    })
    ws.send(JSON.stringify({ type: 'open', kind: 'vm.serial', args: ref }))
    await new Promise((r) => setTimeout(r, 300))
    ws.pause()
    await new Promise((r) => setTimeout(r, 1000))
    const whilePaused = generated
    await new Promise((r) => setTimeout(r, 1000))
    // Nothing more is produced while the page is stuck: main holds at most its window plus socket buffers.
    expect(generated).toBe(whilePaused)
    expect(generated - received).toBeLessThan(48 * 1024 * 1024)
    ws.resume()
    await new Promise((r) => setTimeout(r, 500))
    expect(generated).toBeGreaterThan(whilePaused)
    ws.close()
  }, 15_000)
})
