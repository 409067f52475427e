import { app, BrowserWindow, dialog, nativeTheme, protocol, safeStorage } from 'electron'
import { toErrorPayload } from '@shared/errors.js'
import { join } from 'node:path'
import icon from '../../../resources/icons/512x512.png?asset'
import { createApp } from '../app.js'
import type { App } from '../app.js'
import { APP_ORIGIN, APP_SCHEME, appProtocolResponse } from './app-protocol.js'
import { registerIpc } from './ipc.js'
import { registerConsoleWindows } from './console-windows.js' // console
import { createSafeStorageCipher } from './safe-storage-cipher.js'
import { applySecurityRestrictions } from './security.js'

let services: App | undefined
let window: BrowserWindow | undefined

/** Every window's settings (the main window and console windows). */
function webPreferences(): Electron.WebPreferences {
  return {
    preload: join(import.meta.dirname, '../preload/index.cjs'),
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    webSecurity: true,
    webviewTag: false,
    spellcheck: false,
    // A packaged app has no DevTools: a user can be talked into pasting code there.
    devTools: !app.isPackaged,
  }
}

function rendererUrl(): string {
  const devServer = process.env['ELECTRON_RENDERER_URL']
  return !app.isPackaged && devServer ? devServer : `${APP_ORIGIN}/index.html`
}

function createWindow(services: App): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'VirtDeck',
    icon,
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#1a1b1e' : '#ffffff',
    webPreferences: webPreferences(),
  })
  const unregister = registerIpc(services, win)
  const unregisterConsoles = registerConsoleWindows(services, {
    webPreferences: webPreferences(),
    rendererUrl: rendererUrl(),
  }) // console
  win.on('closed', () => {
    unregisterConsoles() // console
    unregister()
  })
  win.once('ready-to-show', () => win.show())
  void win.loadURL(rendererUrl())
  return win
}

// The renderer's origin: app://virtdeck, a standard secure scheme (not file://, whose origin is the whole disk).
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
])

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore()
    window?.focus()
  })
  void app.whenReady().then(() => {
    applySecurityRestrictions()
    const rendererDir = join(import.meta.dirname, '../renderer')
    protocol.handle(APP_SCHEME, (request) => appProtocolResponse(request, rendererDir))
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
