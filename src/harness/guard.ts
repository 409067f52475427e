import { createHash, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

/**
 * Who may talk to the harness: only this machine, by the address it listens on. A web page in the
 * user's browser can resolve any name to 127.0.0.1 (DNS rebinding), so the Host header must name
 * 127.0.0.1 or localhost with our port, and a browser's Origin (always sent on a WebSocket) must be
 * ours too — token or not.
 */
export function allowedOrigins(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`]
}

export function hostAllowed(request: IncomingMessage, port: number): boolean {
  const host = request.headers.host?.toLowerCase()
  return host !== undefined && allowedOrigins(port).includes(host)
}

/** No Origin (not a browser, e.g. a test's WebSocket client) or our own. */
export function originAllowed(request: IncomingMessage, port: number): boolean {
  const origin = request.headers.origin
  if (origin === undefined) return true
  return allowedOrigins(port).some((hostPort) => origin.toLowerCase() === `http://${hostPort}`)
}

/** Compares SHA-256 digests: equal lengths whatever the bytes given, and no early exit. */
export function sameToken(given: string | null, token: string): boolean {
  if (given === null || given === '') return false
  const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest()
  return timingSafeEqual(digest(given), digest(token))
}

/** The request's path and query, or undefined when the request line cannot be a URL of ours (`GET http://[`). */
export function requestUrl(request: IncomingMessage): URL | undefined {
  const target = request.url ?? '/'
  if (!target.startsWith('/')) return undefined
  try {
    return new URL(target, 'http://127.0.0.1')
  } catch {
    return undefined
  }
}

/** The decoded path, or undefined for a malformed percent-escape (`/%E0%A4%A`). */
export function decodedPath(url: URL): string | undefined {
  try {
    return decodeURIComponent(url.pathname)
  } catch {
    return undefined
  }
}
