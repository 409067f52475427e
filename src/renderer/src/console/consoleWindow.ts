import type { ConsoleRoute } from '@shared/console-route.js'
import { consoleRouteHash } from '@shared/console-route.js'

/**
 * Opens the VM's screen in its own window: in Electron a window main creates (window.open is
 * denied there), in the browser harness a new window of this page (its query keeps the token).
 */
export function openConsoleWindow(route: ConsoleRoute): void {
  if (window.virtdeckWindows !== undefined) return window.virtdeckWindows.openConsole(route)
  const url = `${location.origin}${location.pathname}${location.search}${consoleRouteHash(route)}`
  window.open(url, `virtdeck-console-${route.hostId}-${route.uuid}`, 'width=1100,height=800')
}
