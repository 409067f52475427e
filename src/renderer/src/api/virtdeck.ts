import type { Channel, InputOf, OutputOf } from '@shared/contract.js'
import type { CallOptions, EventName, Events } from '@shared/protocol.js'
import { toAppError } from './errors'

/**
 * The only module that touches `window.virtdeck`. Calls reject with an AppError whatever the
 * transport (Electron preload or browser harness) rejected with.
 */
export async function invoke<C extends Channel>(
  channel: C,
  input: InputOf<C>,
  options: CallOptions = {},
): Promise<OutputOf<C>> {
  // An AbortSignal cannot cross Electron's contextBridge: cancel by the call's id instead.
  const { signal, onProgress } = options
  const opId = `r-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`
  const onAbort = (): void => window.virtdeck.cancel(opId)
  if (signal?.aborted) throw toAppError(new DOMException('Cancelled', 'AbortError'))
  signal?.addEventListener('abort', onAbort, { once: true })
  try {
    return await window.virtdeck.invoke(channel, input, { opId, ...(onProgress ? { onProgress } : {}) })
  } catch (error) {
    throw toAppError(error)
  } finally {
    signal?.removeEventListener('abort', onAbort)
  }
}

export function subscribe<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
  return window.virtdeck.on(event, listener)
}

/** Queries are keyed by channel and input, so one host's entry can be replaced on its own. */
export function queryKey<C extends Channel>(channel: C, input: InputOf<C>): readonly [C, InputOf<C>] {
  return [channel, input] as const
}
