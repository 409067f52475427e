import type { ErrorPayload } from '@shared/errors.js'
import { toErrorPayload } from '@shared/errors.js'
import type { PipeServerFrame } from '@shared/pipes.js'
import { PIPE_HIGH_WATER, PIPE_LOW_WATER, pipeControl } from '@shared/pipes.js'
import type { PipeConnection, PipeRegistry } from './registry.js'

/** What a transport gives a pipe session to reach the page. */
export interface PipeLink {
  /** Sends bytes; `sent` once they left this process (only used without acks). */
  sendData(bytes: Buffer, sent: () => void): void
  sendFrame(frame: PipeServerFrame): void
  /** Closes the link (after the `closed` frame). */
  end(): void
  /** Stop / start taking bytes from the page while the source is full (WebSocket: TCP backpressure). */
  pauseIncoming?(): void
  resumeIncoming?(): void
}

/** What the transport feeds a session with. */
export interface PipeSession {
  receiveFrame(frame: unknown): void
  receiveData(bytes: Buffer): void
  /** The page or the link went away. */
  linkClosed(): void
}

export interface PipeSessionOptions {
  /** The page acknowledges consumed bytes (MessagePort); else `sent` callbacks count (WebSocket). */
  acks: boolean
}

interface FrameShape {
  type?: unknown
  kind?: unknown
  args?: unknown
  message?: unknown
  bytes?: unknown
}

/**
 * One pipe between a transport and an opener: waits for the `open` frame, opens the kind, then
 * carries bytes both ways. Backpressure: while more than PIPE_HIGH_WATER bytes are on their way
 * to the page, the source is paused (a VNC server then waits; no unbounded queue in main).
 */
export function servePipe(registry: PipeRegistry, link: PipeLink, options: PipeSessionOptions): PipeSession {
  const abort = new AbortController()
  let connection: PipeConnection | undefined
  let state: 'waiting' | 'opening' | 'open' | 'done' = 'waiting'
  let inFlight = 0
  let paused = false

  const finish = (error?: ErrorPayload): void => {
    if (state === 'done') return
    state = 'done'
    abort.abort()
    link.sendFrame(error === undefined ? { type: 'closed' } : { type: 'closed', error })
    link.end()
    connection?.close()
    connection?.stream.destroy()
  }
  const settle = (bytes: number): void => {
    inFlight = Math.max(0, inFlight - bytes)
    if (paused && inFlight <= PIPE_LOW_WATER && connection !== undefined) {
      paused = false
      connection.stream.resume()
    }
  }
  const attach = (conn: PipeConnection): void => {
    connection = conn
    state = 'open'
    link.sendFrame({ type: 'opened', info: conn.info })
    const { stream } = conn
    stream.on('data', (chunk: Buffer) => {
      if (state !== 'open') return
      inFlight += chunk.length
      link.sendData(chunk, () => {
        if (!options.acks) settle(chunk.length)
      })
      if (inFlight > PIPE_HIGH_WATER && !paused) {
        paused = true
        stream.pause()
      }
    })
    stream.on('drain', () => link.resumeIncoming?.())
    stream.on('error', (error: unknown) => finish(toErrorPayload(error)))
    stream.on('end', () => finish())
    stream.on('close', () => finish())
  }
  const open = (kind: unknown, args: unknown): void => {
    state = 'opening'
    registry.open(kind, args, abort.signal).then(
      (conn) => {
        if (state === 'done') {
          conn.close()
          conn.stream.destroy()
          return
        }
        attach(conn)
      },
      (error: unknown) => finish(toErrorPayload(error)),
    )
  }

  return {
    receiveFrame(raw) {
      if (typeof raw !== 'object' || raw === null) return
      const frame = raw as FrameShape
      if (frame.type === 'open' && state === 'waiting') open(frame.kind, frame.args)
      else if (frame.type === 'close') finish()
      else if (frame.type === 'ack' && typeof frame.bytes === 'number' && frame.bytes > 0) settle(frame.bytes)
      else if (frame.type === 'control' && state === 'open') {
        const parsed = pipeControl.safeParse(frame.message)
        if (parsed.success) connection?.control?.(parsed.data)
      }
    },
    receiveData(bytes) {
      if (state !== 'open' || connection === undefined) return
      if (!connection.stream.write(bytes)) link.pauseIncoming?.()
    },
    linkClosed() {
      if (state === 'done') return
      state = 'done'
      abort.abort()
      connection?.close()
      connection?.stream.destroy()
    },
  }
}
