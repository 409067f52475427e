import type { WebSocket } from 'ws'
import type { App } from '../main/app.js'

/** What the shim sends: a call (with the client's opId inside the request) or a cancel of one. */
interface ClientMessage {
  type?: string
  id?: number
  request?: unknown
  opId?: string
}

/** The opId the client gave its call (the router uses it for streaming channels only). */
function opIdOf(request: unknown): string | undefined {
  if (typeof request !== 'object' || request === null || !('opId' in request)) return undefined
  return typeof request.opId === 'string' ? request.opId : undefined
}

/**
 * One harness tab's `/rpc` WebSocket: calls go to the app's router, results and the app's events
 * come back. The calls this connection started are its own: it may cancel only those, and when it
 * closes (the tab closed or reloaded) every one still open is cancelled — a `stats.watch`, a
 * followed log — as Electron does when a window goes away, so main does not keep them running.
 */
export function acceptRpcSocket(app: App, ws: WebSocket): void {
  const sendJson = (message: unknown): void => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message))
  }
  const unsubscribe = app.bus.subscribe((name, payload) => sendJson({ type: 'event', name, payload }))
  const caller = {
    sendProgress: (opId: string, progress: unknown) =>
      sendJson({ type: 'event', name: 'op.progress', payload: { opId, progress } }),
  }
  /** opIds of this connection's calls that have not ended yet. */
  const open = new Set<string>()
  let closed = false

  ws.on('message', (data) => {
    let message: ClientMessage
    try {
      message = JSON.parse(String(data)) as ClientMessage
    } catch {
      return
    }
    if (message.type === 'cancel' && typeof message.opId === 'string' && open.has(message.opId))
      app.router.cancel(message.opId)
    if (message.type === 'call' && typeof message.id === 'number') {
      const id = message.id
      const opId = opIdOf(message.request)
      if (opId !== undefined) open.add(opId)
      void app.router.handle(message.request as never, caller).then((envelope) => {
        if (opId !== undefined) open.delete(opId)
        sendJson({ type: 'result', id, envelope })
      })
    }
  })
  ws.on('close', () => {
    if (closed) return
    closed = true
    unsubscribe()
    for (const opId of [...open]) app.router.cancel(opId)
  })
}
