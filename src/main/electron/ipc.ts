import { app as electronApp, ipcMain } from 'electron'
import type { BrowserWindow, IpcMainInvokeEvent } from 'electron'
import type { Request } from '@shared/protocol.js'
import { IPC } from '@shared/protocol.js'
import type { App } from '../app.js'
import { isTrustedRendererUrl } from './app-protocol.js'
import { registerPipes } from './pipes.js' // console

/** Calls are answered only for our own window's main frame, loaded from app:// (or the dev server while not packaged). */
function trustedSender(event: IpcMainInvokeEvent | Electron.IpcMainEvent, window: BrowserWindow): boolean {
  const frame = event.senderFrame
  if (!frame || event.sender.id !== window.webContents.id || frame !== window.webContents.mainFrame)
    return false
  return isTrustedRendererUrl(frame.url, {
    devServer: process.env['ELECTRON_RENDERER_URL'],
    packaged: electronApp.isPackaged,
  })
}

export function registerIpc(app: App, window: BrowserWindow): () => void {
  const caller = {
    sendProgress: (opId: string, progress: unknown) =>
      window.webContents.send(IPC.event, 'op.progress', { opId, progress }),
  }
  ipcMain.handle(IPC.call, async (event, request: Request) => {
    if (!trustedSender(event, window))
      return {
        ok: false,
        error: { code: 'FORBIDDEN_SENDER', message: 'Refused a call from an unknown frame.' },
      }
    return app.router.handle(request, caller)
  })
  ipcMain.on(IPC.cancel, (event, opId: unknown) => {
    if (trustedSender(event, window) && typeof opId === 'string') app.router.cancel(opId)
  })
  const unregisterPipes = registerPipes(app.pipes, (event) => trustedSender(event, window)) // console
  const unsubscribe = app.bus.subscribe((name, payload) => {
    if (!window.isDestroyed()) window.webContents.send(IPC.event, name, payload)
  })
  return () => {
    unsubscribe()
    unregisterPipes() // console
    ipcMain.removeHandler(IPC.call)
    ipcMain.removeAllListeners(IPC.cancel)
    app.router.cancelAll()
  }
}
