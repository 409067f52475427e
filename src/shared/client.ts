import { AppError } from './errors.js'
import type { Channel, InputOf, OutputOf, VirtDeckApi } from './contract.js'
import type { CallOptions, Envelope, EventName, Events, Progress, Request } from './protocol.js'

/** How a client reaches main: Electron IPC in the app, a WebSocket in the browser harness. */
export interface Transport {
  send(request: Request): Promise<Envelope<unknown>>
  cancel(opId: string): void
  onEvent(listener: (name: EventName, payload: unknown) => void): () => void
}

function newOpId(): string {
  return `op-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`
}

/**
 * Builds `window.virtdeck` on a transport: typed calls that throw `AppError` with a code,
 * streaming calls with progress and cancellation, and typed event subscriptions.
 */
export function createClient(transport: Transport): VirtDeckApi {
  const listeners = new Map<EventName, Set<(payload: never) => void>>()
  const progressListeners = new Map<string, (progress: Progress) => void>()

  transport.onEvent((name, payload) => {
    if (name === 'op.progress') {
      const { opId, progress } = payload as Events['op.progress']
      progressListeners.get(opId)?.(progress)
    }
    for (const listener of listeners.get(name) ?? []) (listener as (p: unknown) => void)(payload)
  })

  return {
    async invoke<C extends Channel>(
      channel: C,
      input: InputOf<C>,
      options: CallOptions = {},
    ): Promise<OutputOf<C>> {
      // Every call carries an id; main uses it only for streaming channels (progress, cancel).
      // Knowing nothing of the schemas keeps the preload free of zod.
      const opId = options.opId ?? newOpId()
      const request: Request = { channel, input, opId }
      let onAbort: (() => void) | undefined
      if (options.onProgress) progressListeners.set(opId, options.onProgress)
      if (options.signal) {
        if (options.signal.aborted) throw new AppError('CANCELLED', 'Cancelled')
        onAbort = (): void => transport.cancel(opId)
        options.signal.addEventListener('abort', onAbort, { once: true })
      }
      try {
        const envelope = await transport.send(request)
        if (!envelope.ok) throw AppError.fromPayload(envelope.error)
        return envelope.value as OutputOf<C>
      } finally {
        progressListeners.delete(opId)
        if (onAbort) options.signal?.removeEventListener('abort', onAbort)
      }
    },
    cancel(opId: string): void {
      transport.cancel(opId)
    },
    on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
      let set = listeners.get(event)
      if (!set) {
        set = new Set()
        listeners.set(event, set)
      }
      set.add(listener as (payload: never) => void)
      return () => {
        set.delete(listener as (payload: never) => void)
      }
    },
  }
}

/**
 * What the preload (and the harness shim) expose as `window.virtdeck`. Electron's contextBridge
 * keeps only the message of a rejected Error and cannot carry an AbortSignal, so calls reject with
 * the plain error payload (the renderer turns it back into an AppError) and cancel by `opId`.
 */
export function bridgeSafe(api: VirtDeckApi): VirtDeckApi {
  return {
    async invoke(channel, input, options = {}) {
      const { onProgress, opId } = options
      try {
        return await api.invoke(channel, input, {
          ...(onProgress ? { onProgress } : {}),
          ...(opId ? { opId } : {}),
        })
      } catch (error) {
        throw error instanceof AppError ? error.toPayload() : { code: 'INTERNAL', message: String(error) }
      }
    },
    cancel: (opId) => api.cancel(opId),
    on: (event, listener) => api.on(event, listener),
  }
}
