import { BrowserWindow, ipcMain } from 'electron'
import type { IpcMainEvent } from 'electron'
import { CONSOLE_WINDOW_IPC, consoleRouteHash } from '@shared/console-route.js'
import type { ConsoleRoute } from '@shared/console-route.js'
import type { App } from '../app.js'
import { registerIpc, trustedSender } from './ipc.js'

function routeOf(value: unknown): ConsoleRoute | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const { hostId, uuid, name } = value as Record<string, unknown>
  if (typeof hostId !== 'string' || typeof uuid !== 'string' || typeof name !== 'string') return undefined
  if (hostId.length > 64 || !/^[0-9a-f-]{36}$/i.test(uuid) || name.length > 1000) return undefined
  return { hostId, uuid, name }
}

/**
 * A VM's screen in its own window: asked for by our own windows only, one window per VM (asked
 * again, it comes to the front), with the main window's security settings and IPC.
 */
export function registerConsoleWindows(
  app: App,
  options: { webPreferences: Electron.WebPreferences; rendererUrl: string },
): () => void {
  const open = new Map<string, BrowserWindow>()
  const onOpen = (event: IpcMainEvent, value: unknown): void => {
    const route = routeOf(value)
    if (!trustedSender(event) || route === undefined) return
    const key = `${route.hostId}/${route.uuid}`
    const existing = open.get(key)
    if (existing !== undefined && !existing.isDestroyed()) return existing.focus()
    const win = new BrowserWindow({
      width: 1100,
      height: 800,
      title: `${route.name} — VirtDeck`,
      show: false,
      webPreferences: options.webPreferences,
    })
    open.set(key, win)
    const unregister = registerIpc(app, win)
    win.on('closed', () => {
      unregister()
      open.delete(key)
    })
    win.once('ready-to-show', () => win.show())
    void win.loadURL(`${options.rendererUrl}${consoleRouteHash(route)}`)
  }
  ipcMain.on(CONSOLE_WINDOW_IPC, onOpen)
  return () => {
    ipcMain.removeListener(CONSOLE_WINDOW_IPC, onOpen)
    for (const win of open.values()) if (!win.isDestroyed()) win.close()
  }
}
