import { ipcMain } from 'electron'
import type { IpcMainEvent, MessagePortMain } from 'electron'
import { PIPE_IPC } from '@shared/pipe-protocol.js'
import type { PipeRegistry } from '../pipes/registry.js'
import { servePipe } from '../pipes/session.js'

/**
 * Electron's pipe transport: the preload sends one end of a MessageChannel with the `open` frame;
 * only our own window's main frame is served (`trusted`), any other sender's port is closed unread.
 */
export function registerPipes(registry: PipeRegistry, trusted: (event: IpcMainEvent) => boolean): () => void {
  const ports = new Set<MessagePortMain>()
  const onPipe = (event: IpcMainEvent, open: unknown): void => {
    const port = event.ports[0]
    if (port === undefined) return
    if (!trusted(event)) {
      port.postMessage({
        type: 'closed',
        error: { code: 'FORBIDDEN_SENDER', message: 'Refused a console from an unknown frame.' },
      })
      port.close()
      return
    }
    ports.add(port)
    const session = servePipe(
      registry,
      {
        sendData: (bytes, sent) => {
          // A copy: a view would clone its whole (pooled) ArrayBuffer.
          port.postMessage(new Uint8Array(bytes))
          sent()
        },
        sendFrame: (frame) => port.postMessage(frame),
        end: () => {
          ports.delete(port)
          port.close()
        },
      },
      { acks: true },
    )
    port.on('message', (message) => {
      const data: unknown = message.data
      if (data instanceof Uint8Array)
        session.receiveData(Buffer.from(data.buffer, data.byteOffset, data.length))
      else session.receiveFrame(data)
    })
    port.on('close', () => {
      ports.delete(port)
      session.linkClosed()
    })
    port.start()
    session.receiveFrame(open)
  }
  ipcMain.on(PIPE_IPC, onPipe)
  return () => {
    ipcMain.removeListener(PIPE_IPC, onPipe)
    for (const port of ports) port.close()
    ports.clear()
  }
}
