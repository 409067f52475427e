import { build } from 'esbuild'
import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { WebSocketServer } from 'ws'
import type { App } from '../main/app.js'
import { acceptPipeSocket } from '../main/pipes/websocket.js'
import { PIPE_WS_PATH } from '@shared/pipe-protocol.js'
import { decodedPath, hostAllowed, originAllowed, requestUrl, sameToken } from './guard.js'
import { acceptRpcSocket } from './rpc-socket.js'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
}

/** The app's policy, as a header (frame-ancestors only works there); the shim is same-origin. */
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

export interface Harness {
  url: string
  port: number
  token: string
  close(): Promise<void>
}

async function bundleShim(): Promise<string> {
  const result = await build({
    entryPoints: [join(import.meta.dirname, 'shim', 'shim.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    write: false,
  })
  return result.outputFiles[0]?.text ?? ''
}

/**
 * Dev/test only: serves the built renderer and carries the app's router over a WebSocket on
 * 127.0.0.1, guarded by a random token. Never binds off loopback.
 */
export async function startHarness(
  app: App,
  options: { rendererDir: string; port?: number },
): Promise<Harness> {
  const token = randomBytes(24).toString('hex')
  const shim = await bundleShim()
  const root = resolve(options.rendererDir)
  const indexHtml = (await readFile(join(root, 'index.html'), 'utf8')).replace(
    '<head>',
    '<head>\n    <script src="/__harness/shim.js"></script>',
  )

  let port = 0
  const server = createServer((request, response) => {
    const send = (status: number, type: string, body: string | Buffer): void => {
      response.writeHead(status, {
        'content-type': type,
        'cache-control': 'no-store',
        'content-security-policy': CSP,
        'x-content-type-options': 'nosniff',
      })
      response.end(body)
    }
    if (!hostAllowed(request, port) || !originAllowed(request, port))
      return send(403, 'text/plain', 'Forbidden: only this machine, by 127.0.0.1 or localhost')
    const url = requestUrl(request)
    if (url === undefined) return send(400, 'text/plain', 'Bad request')
    if (url.pathname === '/' || url.pathname === '/index.html')
      return send(200, TYPES['.html'] ?? '', indexHtml)
    if (url.pathname === '/__harness/shim.js') return send(200, TYPES['.js'] ?? '', shim)
    const decoded = decodedPath(url)
    if (decoded === undefined) return send(400, 'text/plain', 'Bad request')
    const path = normalize(join(root, decoded))
    if (!path.startsWith(root + sep)) return send(403, 'text/plain', 'Forbidden')
    readFile(path).then(
      (body) => send(200, TYPES[extname(path)] ?? 'application/octet-stream', body),
      () => send(404, 'text/plain', 'Not found'),
    )
  })

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 8 * 1024 * 1024 })
  server.on('upgrade', (request, socket, head) => {
    const url = requestUrl(request)
    if (
      url === undefined ||
      (url.pathname !== '/rpc' && url.pathname !== PIPE_WS_PATH) ||
      !hostAllowed(request, port) ||
      !originAllowed(request, port) ||
      !sameToken(url.searchParams.get('token'), token)
    ) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n')
      return
    }
    // console: begin
    if (url.pathname === PIPE_WS_PATH) {
      sockets.handleUpgrade(request, socket, head, (ws) => acceptPipeSocket(app.pipes, ws))
      return
    }
    // console: end
    sockets.handleUpgrade(request, socket, head, (ws) => acceptRpcSocket(app, ws))
  })

  await new Promise<void>((resolveListen) => server.listen(options.port ?? 0, '127.0.0.1', resolveListen))
  port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    async close() {
      for (const client of sockets.clients) client.terminate()
      sockets.close()
      await new Promise<void>((done) => server.close(() => done()))
    },
  }
}
