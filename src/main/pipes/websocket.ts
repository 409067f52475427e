import type { RawData, WebSocket } from 'ws'
import type { PipeRegistry } from './registry.js'
import { servePipe } from './session.js'

function asBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data
  if (Array.isArray(data)) return Buffer.concat(data)
  return Buffer.from(data)
}

/**
 * The harness's pipe transport: one WebSocket per pipe on the harness's own origin (already
 * checked for host, origin and token by the caller). Text frames are JSON control frames, binary
 * frames are bytes. TCP gives the backpressure: `sent` fires once ws handed the bytes to the socket.
 */
export function acceptPipeSocket(registry: PipeRegistry, ws: WebSocket): void {
  const session = servePipe(
    registry,
    {
      sendData: (bytes, sent) => {
        // A closing socket never confirms: the bytes stay counted and the source pauses.
        if (ws.readyState !== ws.OPEN) return
        ws.send(bytes, { binary: true }, (error) => {
          if (error === undefined || error === null) sent()
        })
      },
      sendFrame: (frame) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame))
      },
      end: () => ws.close(1000),
      pauseIncoming: () => ws.pause(),
      resumeIncoming: () => ws.resume(),
    },
    { acks: false },
  )
  ws.on('message', (data, isBinary) => {
    if (isBinary) return session.receiveData(asBuffer(data))
    let frame: unknown
    try {
      frame = JSON.parse(asBuffer(data).toString('utf8'))
    } catch {
      return
    }
    session.receiveFrame(frame)
  })
  ws.on('close', () => session.linkClosed())
  ws.on('error', () => session.linkClosed())
}
