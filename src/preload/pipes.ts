import { ipcRenderer } from 'electron'
import { createPipe } from '@shared/pipe-client.js'
import type { Pipe, PipeServerFrame } from '@shared/pipe-protocol.js'
import { PIPE_IPC } from '@shared/pipe-protocol.js'
import type { PipeApi, PipeArgs, PipeKind } from '@shared/pipes.js'

/** The page's MessagePort (DOM), as far as used here: the preload is type-checked with Node's types. */
interface PagePort {
  onmessage: ((event: { data: unknown }) => void) | null
  start(): void
  postMessage(message: unknown): void
  close(): void
}

/** What ipcRenderer.postMessage transfers (the DOM MessagePort, in Electron's own types). */
type TransferPort = NonNullable<Parameters<typeof ipcRenderer.postMessage>[2]>[number]

/**
 * Electron's pipes: a MessageChannel per pipe; one end goes to main with the `open` frame, the
 * other stays here (the page only sees the pipe object's functions). A MessagePort has no
 * backpressure, so the page acknowledges what it consumed (`ack` frames) and main pauses its source.
 */
export const electronPipes: PipeApi = {
  openPipe<K extends PipeKind>(kind: K, args: PipeArgs<K>): Pipe<K> {
    return createPipe<K>(
      (events) => {
        const channel = new MessageChannel() as unknown as { port1: PagePort; port2: unknown }
        const { port1, port2 } = channel
        port1.onmessage = (event) => {
          const data = event.data
          if (data instanceof Uint8Array) events.data(data)
          else if (data instanceof ArrayBuffer) events.data(new Uint8Array(data))
          else events.frame(data as PipeServerFrame)
        }
        port1.start()
        ipcRenderer.postMessage(PIPE_IPC, { type: 'open', kind, args }, [port2 as TransferPort])
        return {
          sendFrame: (frame) => port1.postMessage(frame),
          sendData: (bytes) => port1.postMessage(bytes),
          close: () => port1.close(),
        }
      },
      { ack: true },
    )
  },
}
