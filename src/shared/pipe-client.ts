import type { ErrorPayload } from './errors.js'
import type { Pipe, PipeClientFrame, PipeServerFrame } from './pipe-protocol.js'
import { PIPE_ACK_EVERY } from './pipe-protocol.js'
import type { PipeControl, PipeInfo, PipeKind } from './pipes.js'

/** What a transport delivers to a pipe. */
export interface PipeWireEvents {
  data(bytes: Uint8Array): void
  frame(frame: PipeServerFrame): void
  /** The link went away without a `closed` frame. */
  gone(error?: ErrorPayload): void
}

/** What a transport offers a pipe: a link already carrying the `open` frame. */
export interface PipeWire {
  sendFrame(frame: PipeClientFrame): void
  sendData(bytes: Uint8Array): void
  close(): void
}

export interface PipeClientOptions {
  /** Acknowledge consumed bytes (MessagePort); a WebSocket has TCP's own backpressure. */
  ack: boolean
}

/**
 * One pipe over any transport: the preload builds it on a MessagePort, the harness shim on a
 * WebSocket. Listeners registered before the first bytes get them all (bytes wait until one is).
 */
export function createPipe<K extends PipeKind>(
  connect: (events: PipeWireEvents) => PipeWire,
  options: PipeClientOptions,
): Pipe<K> {
  const messageListeners = new Set<(data: Uint8Array) => void>()
  const closeListeners = new Set<(reason: { error?: ErrorPayload }) => void>()
  const early: Uint8Array[] = []
  let ended: { error?: ErrorPayload } | undefined
  let unacked = 0
  let settle: { resolve(info: PipeInfo<K>): void; reject(error: ErrorPayload): void } | undefined
  const ready = new Promise<PipeInfo<K>>((resolve, reject) => (settle = { resolve, reject }))
  // A page that never awaits `ready` must not see an unhandled rejection.
  ready.catch(() => undefined)

  const finish = (reason: { error?: ErrorPayload }): void => {
    if (ended !== undefined) return
    ended = reason
    settle?.reject(reason.error ?? { code: 'CANCELLED', message: 'The console was closed before it opened.' })
    for (const listener of closeListeners) listener(reason)
    closeListeners.clear()
  }
  const deliver = (bytes: Uint8Array): void => {
    if (messageListeners.size === 0) early.push(bytes)
    else for (const listener of messageListeners) listener(bytes)
    if (!options.ack) return
    unacked += bytes.byteLength
    if (unacked >= PIPE_ACK_EVERY) {
      wire.sendFrame({ type: 'ack', bytes: unacked })
      unacked = 0
    }
  }
  const wire = connect({
    data: deliver,
    frame(frame) {
      if (frame.type === 'opened') settle?.resolve(frame.info as PipeInfo<K>)
      else if (frame.type === 'closed') finish(frame.error === undefined ? {} : { error: frame.error })
    },
    gone: (error) => finish(error === undefined ? {} : { error }),
  })

  return {
    ready,
    send(data) {
      if (ended === undefined) wire.sendData(data instanceof Uint8Array ? data : new Uint8Array(data))
    },
    control(message: PipeControl) {
      if (ended === undefined) wire.sendFrame({ type: 'control', message })
    },
    onMessage(listener) {
      messageListeners.add(listener)
      for (const bytes of early.splice(0)) listener(bytes)
      return () => {
        messageListeners.delete(listener)
      }
    },
    onClose(listener) {
      if (ended !== undefined) listener(ended)
      else closeListeners.add(listener)
      return () => {
        closeListeners.delete(listener)
      }
    },
    close() {
      if (ended !== undefined) return
      wire.sendFrame({ type: 'close' })
      wire.close()
      finish({})
    },
  }
}
