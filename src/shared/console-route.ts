/** The route of a console in its own window: `#console/<hostId>/<uuid>/<name>` on the same page. */
export interface ConsoleRoute {
  hostId: string
  uuid: string
  name: string
}

const PREFIX = '#console/'

export function consoleRouteHash(route: ConsoleRoute): string {
  return `${PREFIX}${[route.hostId, route.uuid, route.name].map(encodeURIComponent).join('/')}`
}

export function parseConsoleRoute(hash: string): ConsoleRoute | undefined {
  if (!hash.startsWith(PREFIX)) return undefined
  const parts = hash.slice(PREFIX.length).split('/')
  if (parts.length !== 3) return undefined
  try {
    const [hostId, uuid, name] = parts.map(decodeURIComponent)
    if (hostId === undefined || uuid === undefined || name === undefined || hostId === '' || uuid === '')
      return undefined
    return { hostId, uuid, name }
  } catch {
    return undefined
  }
}

/** The Electron IPC channel the preload asks main for a console window on. */
export const CONSOLE_WINDOW_IPC = 'virtdeck:console-window'

/** What the preload exposes as `window.virtdeckWindows` (Electron only). */
export interface ConsoleWindowsApi {
  openConsole(route: ConsoleRoute): void
}
