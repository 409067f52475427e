import { bridgeSafe, createClient } from '@shared/client.js'
import type { Transport } from '@shared/client.js'
import type { Envelope, EventName, Request } from '@shared/protocol.js'
import { harnessPipes } from './pipes.js'

/**
 * Browser-harness stand-in for the Electron preload: implements `window.virtdeck` over a WebSocket
 * to the harness server, which runs the same router as the app's main process.
 */
type Message =
  | { type: 'result'; id: number; envelope: Envelope<unknown> }
  | { type: 'event'; name: EventName; payload: unknown }

const token =
  new URLSearchParams(location.search).get('token') ?? sessionStorage.getItem('virtdeck-token') ?? ''
sessionStorage.setItem('virtdeck-token', token)
const socket = new WebSocket(
  `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/rpc?token=${encodeURIComponent(token)}`,
)
const opened = new Promise<void>((resolve, reject) => {
  socket.addEventListener('open', () => resolve(), { once: true })
  socket.addEventListener('error', () => reject(new Error('The harness connection failed')), { once: true })
})
let nextId = 1
const waiting = new Map<number, (envelope: Envelope<unknown>) => void>()
const eventListeners = new Set<(name: EventName, payload: unknown) => void>()

socket.addEventListener('message', (event) => {
  const message = JSON.parse(String(event.data)) as Message
  if (message.type === 'result') {
    waiting.get(message.id)?.(message.envelope)
    waiting.delete(message.id)
  } else {
    for (const listener of eventListeners) listener(message.name, message.payload)
  }
})
socket.addEventListener('close', () => {
  for (const resolve of waiting.values())
    resolve({ ok: false, error: { code: 'HOST_UNREACHABLE', message: 'The harness server went away.' } })
  waiting.clear()
})

const transport: Transport = {
  async send(request: Request) {
    await opened
    const id = nextId++
    return new Promise((resolve) => {
      waiting.set(id, resolve)
      socket.send(JSON.stringify({ type: 'call', id, request }))
    })
  },
  cancel(opId) {
    socket.send(JSON.stringify({ type: 'cancel', opId }))
  },
  onEvent(listener) {
    eventListeners.add(listener)
    return () => eventListeners.delete(listener)
  },
}

Object.defineProperty(window, 'virtdeck', {
  value: Object.freeze(bridgeSafe(createClient(transport))),
  writable: false,
})

// console: begin
Object.defineProperty(window, 'virtdeckPipes', {
  value: Object.freeze(
    harnessPipes(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}`, token),
  ),
  writable: false,
})
// console: end
