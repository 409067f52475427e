import { readFile } from 'node:fs/promises'
import { extname, resolve, sep } from 'node:path'

/**
 * The renderer is served from `app://virtdeck/…` (a standard, secure scheme registered before the
 * app is ready) rather than `file://`, whose origin would cover every file on the disk. These parts
 * need no Electron, so they are tested under Node; `index.ts` wires them to `protocol.handle`.
 */
export const APP_SCHEME = 'app'
export const APP_HOST = 'virtdeck'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`

export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
}

/** The file an app:// URL names inside `rootDir`; undefined for another origin, a bad escape or a way out. */
export function resolveAppPath(url: string, rootDir: string): string | undefined {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return undefined
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return undefined
  let path: string
  try {
    path = decodeURIComponent(parsed.pathname)
  } catch {
    return undefined
  }
  if (path.includes('\0') || path.includes('\\')) return undefined
  if (path === '' || path === '/') path = '/index.html'
  const root = resolve(rootDir)
  const full = resolve(root, `.${path}`)
  return full.startsWith(root + sep) ? full : undefined
}

/** The answer to one app:// request (what `protocol.handle` returns). */
export async function appProtocolResponse(request: Request, rootDir: string): Promise<Response> {
  const headers = { 'content-security-policy': CONTENT_SECURITY_POLICY, 'x-content-type-options': 'nosniff' }
  const path = resolveAppPath(request.url, rootDir)
  if (path === undefined)
    return new Response('Forbidden', { status: 403, headers: { ...headers, 'content-type': 'text/plain' } })
  try {
    const body = await readFile(path)
    return new Response(body, {
      status: 200,
      headers: { ...headers, 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' },
    })
  } catch {
    return new Response('Not found', { status: 404, headers: { ...headers, 'content-type': 'text/plain' } })
  }
}

/** Whether IPC may be answered for a frame at `url`: our app:// origin, or the dev server while not packaged. */
export function isTrustedRendererUrl(
  url: string,
  options: { devServer?: string | undefined; packaged?: boolean },
): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST) return true
  if (options.packaged === true || options.devServer === undefined) return false
  try {
    return parsed.origin === new URL(options.devServer).origin
  } catch {
    return false
  }
}
