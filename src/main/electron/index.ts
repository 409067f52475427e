import { app, BrowserWindow, dialog, nativeTheme, safeStorage } from 'electron'
import { toErrorPayload } from '../../shared/errors.js'
import { join } from 'node:path'
import { createApp } from '../app.js'
import type { App } from '../app.js'
import { registerIpc } from './ipc.js'
import { createSafeStorageCipher } from './safe-storage-cipher.js'
import { applySecurityRestrictions } from './security.js'

let services: App | undefined
let window: BrowserWindow | undefined

function createWindow(services: App): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'VirtDeck',
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#1a1b1e' : '#ffffff',
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
    },
  })
  const unregister = registerIpc(services, win)
  win.on('closed', unregister)
  win.once('ready-to-show', () => win.show())
  const devServer = process.env['ELECTRON_RENDERER_URL']
  if (!app.isPackaged && devServer) void win.loadURL(devServer)
  else void win.loadFile(join(import.meta.dirname, '../renderer/index.html'))
  return win
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore()
    window?.focus()
  })
  void app.whenReady().then(() => {
    applySecurityRestrictions()
    try {
      services = createApp({ dataDir: app.getPath('userData'), cipher: createSafeStorageCipher(safeStorage) })
    } catch (error) {
      // A damaged or newer profile database: say so and leave the file alone, never overwrite it.
      const { message, detail } = toErrorPayload(error)
      dialog.showErrorBox('VirtDeck cannot start', detail ? `${message}\n\n${detail}` : message)
      app.quit()
      return
    }
    window = createWindow(services)
    if (services.store.settings.get().connectOnStart) void services.hosts.connectAll()
  })
  app.on('window-all-closed', () => app.quit())
  app.on('will-quit', () => void services?.close())
}
