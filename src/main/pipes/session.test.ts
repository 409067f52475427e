/**
 * The pipe session with acknowledgements, as Electron's transport runs it — Electron's
 * MessagePortMain mocked by Node's MessageChannel (Electron cannot run here); the page side is
 * the preload's own createPipe. Without acks main stops reading its source at the high-water mark;
 * with them the bytes keep flowing.
 */
import { randomBytes } from 'node:crypto'
import { Duplex } from 'node:stream'
import { MessageChannel } from 'node:worker_threads'
import type { MessagePort } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import { createPipe } from '@shared/pipe-client.js'
import type { PipeServerFrame } from '@shared/pipe-protocol.js'
import { PIPE_HIGH_WATER } from '@shared/pipe-protocol.js'
import { PipeRegistry } from './registry.js'
import { servePipe } from './session.js'

const ref = { hostId: 'local', uuid: '00000000-0000-4000-8000-000000000001' }

function producer(): { registry: PipeRegistry; generated(): number; written: Buffer[] } {
  let generated = 0
  const written: Buffer[] = []
  const registry = new PipeRegistry()
  const chunk = randomBytes(64 * 1024)
  registry.register('vm.serial', async () => {
    const stream = new Duplex({
      read() {
        // Asynchronous like a socket: a synchronous endless source would starve the event loop.
        setImmediate(() => {
          generated += chunk.length
          this.push(chunk)
        })
      },
      write(data: Buffer, _encoding, done) {
        written.push(data)
        done()
      },
    })
    return { stream, info: { where: 'test' }, close: () => stream.destroy() }
  })
  return { registry, generated: () => generated, written }
}

/** Main's end of the port, as src/main/electron/pipes.ts wires it. */
function serveOnPort(registry: PipeRegistry, port: MessagePort): void {
  const session = servePipe(
    registry,
    {
      sendData: (bytes, sent) => {
        port.postMessage(new Uint8Array(bytes))
        sent()
      },
      sendFrame: (frame) => port.postMessage(frame),
      end: () => port.close(),
    },
    { acks: true },
  )
  port.on('message', (data: unknown) => {
    if (data instanceof Uint8Array) session.receiveData(Buffer.from(data))
    else session.receiveFrame(data)
  })
  port.on('close', () => session.linkClosed())
}

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

describe('pipe session with acks (Electron MessagePort mocked by Node MessageChannel)', () => {
  it('stops reading the source at the high-water mark when the page never acknowledges', async () => {
    const { registry, generated } = producer()
    const { port1, port2 } = new MessageChannel()
    serveOnPort(registry, port1)
    const frames: PipeServerFrame[] = []
    port2.on('message', (data: unknown) => {
      if (!(data instanceof Uint8Array)) frames.push(data as PipeServerFrame)
    })
    port2.postMessage({ type: 'open', kind: 'vm.serial', args: ref })
    await wait(800)
    const first = generated()
    await wait(400)
    expect(frames[0]).toEqual({ type: 'opened', info: { where: 'test' } })
    expect(generated()).toBe(first)
    expect(first).toBeLessThanOrEqual(PIPE_HIGH_WATER + 64 * 1024 * 2)
    port2.close()
  })

  it('keeps the bytes flowing with the page acknowledging, and carries the page’s bytes and close', async () => {
    const { registry, generated, written } = producer()
    const { port1, port2 } = new MessageChannel()
    serveOnPort(registry, port1)
    const pipe = createPipe<'vm.serial'>(
      (events) => {
        port2.on('message', (data: unknown) => {
          if (data instanceof Uint8Array) events.data(data)
          else events.frame(data as PipeServerFrame)
        })
        port2.postMessage({ type: 'open', kind: 'vm.serial', args: ref })
        return {
          sendFrame: (frame) => port2.postMessage(frame),
          sendData: (bytes) => port2.postMessage(bytes),
          close: () => port2.close(),
        }
      },
      { ack: true },
    )
    let received = 0
    pipe.onMessage((data) => (received += data.byteLength))
    expect(await pipe.ready).toEqual({ where: 'test' })
    pipe.send(Buffer.from('hello\r'))
    await wait(1200)
    expect(received).toBeGreaterThan(3 * PIPE_HIGH_WATER)
    expect(generated() - received).toBeLessThanOrEqual(PIPE_HIGH_WATER + 64 * 1024 * 2)
    expect(Buffer.concat(written).toString()).toBe('hello\r')
    pipe.close()
  })
})
