import { createPipe } from '@shared/pipe-client.js'
import type { Pipe, PipeServerFrame } from '@shared/pipe-protocol.js'
import { PIPE_WS_PATH } from '@shared/pipe-protocol.js'
import type { PipeApi, PipeArgs, PipeKind } from '@shared/pipes.js'

/**
 * The harness's pipes: one WebSocket each, on the page's origin (`wsOrigin`, e.g. ws://127.0.0.1:1234),
 * with the page's token.
 */
export function harnessPipes(wsOrigin: string, token: string): PipeApi {
  return {
    openPipe<K extends PipeKind>(kind: K, args: PipeArgs<K>): Pipe<K> {
      return createPipe<K>(
        (events) => {
          const socket = new WebSocket(`${wsOrigin}${PIPE_WS_PATH}?token=${encodeURIComponent(token)}`)
          socket.binaryType = 'arraybuffer'
          const queued: (string | Uint8Array)[] = [JSON.stringify({ type: 'open', kind, args })]
          const put = (message: string | Uint8Array): void => {
            if (socket.readyState === WebSocket.OPEN) socket.send(message)
            else if (socket.readyState === WebSocket.CONNECTING) queued.push(message)
          }
          socket.addEventListener('open', () => {
            for (const message of queued.splice(0)) socket.send(message)
          })
          socket.addEventListener('message', (event) => {
            const data: unknown = event.data
            if (typeof data === 'string') events.frame(JSON.parse(data) as PipeServerFrame)
            else if (data instanceof ArrayBuffer) events.data(new Uint8Array(data))
          })
          socket.addEventListener('close', (event) =>
            events.gone(
              event.code === 1000
                ? undefined
                : { code: 'HOST_UNREACHABLE', message: 'The console connection to VirtDeck was lost.' },
            ),
          )
          return {
            sendFrame: (frame) => put(JSON.stringify(frame)),
            sendData: (bytes) => put(bytes),
            close: () => socket.close(1000),
          }
        },
        { ack: false },
      )
    },
  }
}
