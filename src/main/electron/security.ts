import { app, session } from 'electron'
import type { WebContents } from 'electron'
import { CONTENT_SECURITY_POLICY } from './app-protocol.js'

export { CONTENT_SECURITY_POLICY }

/** Deny by default: navigation, new windows, webviews and every permission request. */
export function applySecurityRestrictions(): void {
  // Except fullscreen (the console's Fullscreen button) and writing text to the clipboard (its Copy).
  const allowed = new Set(['fullscreen', 'clipboard-sanitized-write'])
  session.defaultSession.setPermissionRequestHandler((_webContents, permission, callback) =>
    callback(allowed.has(permission)),
  )
  session.defaultSession.setPermissionCheckHandler((_webContents, permission) => allowed.has(permission))
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    })
  })
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event) => event.preventDefault())
    contents.on('will-redirect', (event) => event.preventDefault())
    contents.on('will-attach-webview', (event) => event.preventDefault())
    contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  })
}
