/**
 * The browser harness against hostile requests, sent raw over TCP (node:net) to the real server:
 * malformed paths and request lines must not crash it, a wrong token of any bytes must be refused,
 * and a request naming another host or coming from another origin (DNS rebinding: a web page in
 * the user's browser) is refused, token or not.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../src/main/app.js'
import type { App } from '../src/main/app.js'
import { createEphemeralCipher } from '../src/main/store/ephemeral-cipher.js'
import { startHarness } from '../src/harness/server.js'
import type { Harness } from '../src/harness/server.js'

let dir: string
let app: App
let harness: Harness

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'virtdeck-harness-sec-'))
  await writeFile(join(dir, 'index.html'), '<html><head></head><body>renderer</body></html>')
  await writeFile(join(dir, 'app.js'), 'void 0')
  app = createApp({ dataDir: join(dir, 'data'), cipher: createEphemeralCipher(), homeDir: dir })
  harness = await startHarness(app, { rendererDir: dir })
}, 30_000)

afterAll(async () => {
  await harness?.close()
  await app?.close()
  await rm(dir, { recursive: true, force: true })
})

/** Sends `head` (lines joined with CRLF, blank line added) and returns the status code of the answer. */
async function raw(lines: string[]): Promise<number> {
  const socket = connect(harness.port, '127.0.0.1')
  // No answer (a crashed or stuck server) reads as status 0.
  socket.setTimeout(3000, () => socket.destroy())
  socket.write(`${lines.join('\r\n')}\r\n\r\n`)
  const chunks: Buffer[] = []
  await new Promise<void>((resolve, reject) => {
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk)
      // One answer is all we need (an upgrade that succeeds keeps the socket open).
      if (Buffer.concat(chunks).includes('\r\n\r\n')) socket.end()
    })
    socket.on('end', () => resolve())
    socket.on('close', () => resolve())
    socket.on('error', reject)
  })
  socket.destroy()
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(Buffer.concat(chunks).toString('latin1'))?.[1]
  return Number(status ?? 0)
}

const host = (): string => `Host: 127.0.0.1:${harness.port}`
const upgrade = (token: string, extra: string[] = []): string[] => [
  `GET /rpc?token=${token} HTTP/1.1`,
  ...extra,
  'Connection: Upgrade',
  'Upgrade: websocket',
  'Sec-WebSocket-Version: 13',
  'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
]

describe('browser harness against hostile requests', () => {
  it('answers malformed paths and request lines with an error and keeps serving', async () => {
    expect(await raw(['GET /%E0%A4%A HTTP/1.1', host(), 'Connection: close'])).toBe(400)
    expect(await raw(['GET http://[ HTTP/1.1', host(), 'Connection: close'])).toBe(400)
    expect(await raw(['GET /../../etc/passwd HTTP/1.1', host(), 'Connection: close'])).toBeGreaterThanOrEqual(
      400,
    )
    expect(await raw(['GET /app.js HTTP/1.1', host(), 'Connection: close'])).toBe(200)
  })

  it('refuses a wrong token of any bytes (non-ASCII, other lengths) without crashing; takes the right one', async () => {
    const sameLength = 'é'.repeat(harness.token.length)
    expect(await raw(upgrade(encodeURIComponent(sameLength), [host()]))).toBe(403)
    expect(await raw(upgrade('%FF%FE', [host()]))).toBe(403)
    expect(await raw(upgrade('', [host()]))).toBe(403)
    expect(await raw(upgrade(harness.token.toUpperCase(), [host()]))).toBe(403)
    expect(await raw(upgrade(harness.token, [host()]))).toBe(101)
  })

  it('refuses other Host names and other origins (DNS rebinding), token or not', async () => {
    const evilHost = `Host: evil.example:${harness.port}`
    expect(await raw(['GET / HTTP/1.1', evilHost, 'Connection: close'])).toBe(403)
    expect(await raw(['GET /app.js HTTP/1.1', evilHost, 'Connection: close'])).toBe(403)
    expect(await raw(['GET / HTTP/1.0'])).toBe(403)
    expect(await raw(['GET / HTTP/1.1', 'Host: 127.0.0.1:1', 'Connection: close'])).toBe(403)
    expect(await raw(upgrade(harness.token, [evilHost]))).toBe(403)
    expect(await raw(upgrade(harness.token, [host(), 'Origin: http://evil.example']))).toBe(403)
    expect(await raw(upgrade(harness.token, [host(), `Origin: http://evil.example:${harness.port}`]))).toBe(
      403,
    )
    expect(await raw(upgrade(harness.token, [host(), `Origin: http://127.0.0.1:${harness.port}`]))).toBe(101)
    expect(
      await raw(
        upgrade(harness.token, [
          `Host: localhost:${harness.port}`,
          `Origin: http://localhost:${harness.port}`,
        ]),
      ),
    ).toBe(101)
    expect(await raw(['GET / HTTP/1.1', `Host: localhost:${harness.port}`, 'Connection: close'])).toBe(200)
  })
})
