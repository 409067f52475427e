import { contextBridge, ipcRenderer } from 'electron'
import { bridgeSafe, createClient } from '@shared/client.js'
import type { Transport } from '@shared/client.js'
import type { Envelope, EventName } from '@shared/protocol.js'
import { IPC } from '@shared/protocol.js'
import { electronPipes } from './pipes.js'
import { CONSOLE_WINDOW_IPC } from '@shared/console-route.js'
import type { ConsoleRoute, ConsoleWindowsApi } from '@shared/console-route.js'

// Only this typed object crosses into the page: no ipcRenderer, no channels of the page's choosing.
const transport: Transport = {
  send: (request) => ipcRenderer.invoke(IPC.call, request) as Promise<Envelope<unknown>>,
  cancel: (opId) => ipcRenderer.send(IPC.cancel, opId),
  onEvent(listener) {
    const handler = (_event: unknown, name: EventName, payload: unknown): void => listener(name, payload)
    ipcRenderer.on(IPC.event, handler)
    return () => {
      ipcRenderer.removeListener(IPC.event, handler)
    }
  },
}

contextBridge.exposeInMainWorld('virtdeck', bridgeSafe(createClient(transport)))
// console: begin
contextBridge.exposeInMainWorld('virtdeckPipes', electronPipes)
contextBridge.exposeInMainWorld('virtdeckWindows', {
  openConsole: (route: ConsoleRoute) => ipcRenderer.send(CONSOLE_WINDOW_IPC, route),
} satisfies ConsoleWindowsApi)
// console: end
