import { app as electronApp, ipcMain } from 'electron'
import type { BrowserWindow, IpcMainInvokeEvent, WebContents } from 'electron'
import type { Request } from '@shared/protocol.js'
import { IPC } from '@shared/protocol.js'
import type { App } from '../app.js'
import { isTrustedRendererUrl } from './app-protocol.js'
import { registerPipes } from './pipes.js' // console

/** Our windows (the main one, and console windows): only their main frames are answered. */
const windows = new Set<BrowserWindow>()
let unregisterAll: (() => void) | undefined

/** Calls are answered only for one of our own windows' main frame, loaded from app:// (or the dev server while not packaged). */
function trustedSender(event: IpcMainInvokeEvent | Electron.IpcMainEvent): boolean {
  const frame = event.senderFrame
  const window = [...windows].find((w) => !w.isDestroyed() && w.webContents.id === event.sender.id)
  if (!frame || window === undefined || frame !== window.webContents.mainFrame) return false
  return isTrustedRendererUrl(frame.url, {
    devServer: process.env['ELECTRON_RENDERER_URL'],
    packaged: electronApp.isPackaged,
  })
}

function install(app: App): () => void {
  const callerOf = (sender: WebContents): { sendProgress(opId: string, progress: unknown): void } => ({
    sendProgress: (opId, progress) => {
      if (!sender.isDestroyed()) sender.send(IPC.event, 'op.progress', { opId, progress })
    },
  })
  ipcMain.handle(IPC.call, async (event, request: Request) => {
    if (!trustedSender(event))
      return {
        ok: false,
        error: { code: 'FORBIDDEN_SENDER', message: 'Refused a call from an unknown frame.' },
      }
    return app.router.handle(request, callerOf(event.sender))
  })
  ipcMain.on(IPC.cancel, (event, opId: unknown) => {
    if (trustedSender(event) && typeof opId === 'string') app.router.cancel(opId)
  })
  const unregisterPipes = registerPipes(app.pipes, trustedSender) // console
  const unsubscribe = app.bus.subscribe((name, payload) => {
    for (const window of windows) if (!window.isDestroyed()) window.webContents.send(IPC.event, name, payload)
  })
  return () => {
    unsubscribe()
    unregisterPipes() // console
    ipcMain.removeHandler(IPC.call)
    ipcMain.removeAllListeners(IPC.cancel)
    app.router.cancelAll()
  }
}

/** Serves a window; the IPC handlers are installed with the first and removed with the last. */
export function registerIpc(app: App, window: BrowserWindow): () => void {
  windows.add(window)
  unregisterAll ??= install(app)
  return () => {
    windows.delete(window)
    if (windows.size > 0) return
    unregisterAll?.()
    unregisterAll = undefined
  }
}

/** Whether the event comes from one of our windows' main frame (for the other electron/ modules). */
export { trustedSender }
