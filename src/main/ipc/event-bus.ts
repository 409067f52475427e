import type { EventName, Events } from '@shared/protocol.js'

export type EventListener = <E extends EventName>(name: E, payload: Events[E]) => void

/** Typed events from services to every connected window (or harness client, or CLI). */
export class EventBus {
  private readonly listeners = new Set<EventListener>()

  emit<E extends EventName>(name: E, payload: Events[E]): void {
    for (const listener of this.listeners) listener(name, payload)
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener)
    return () => {
      this.listeners.delete(listener)
    }
  }
}
