import { randomUUID } from 'node:crypto'
import type { PasswordPrompter } from '../host/host.js'
import type { EventBus } from '../ipc/event-bus.js'

/**
 * Relays password questions (sudo, key passphrase) to whoever shows the UI, and their answers back.
 * An unanswered prompt gives up after `timeoutMs` as if cancelled.
 */
export class PromptBroker {
  private readonly pending = new Map<string, (value: string | null) => void>()

  constructor(
    private readonly bus: EventBus,
    private readonly timeoutMs = 5 * 60_000,
  ) {}

  readonly prompter: PasswordPrompter = (request) =>
    new Promise((resolve) => {
      const promptId = randomUUID()
      const timer = setTimeout(() => this.answer(promptId, null), this.timeoutMs)
      this.pending.set(promptId, (value) => {
        clearTimeout(timer)
        resolve(value)
      })
      this.bus.emit('prompt.password', { promptId, ...request })
    })

  answer(promptId: string, value: string | null): { answered: boolean } {
    const resolve = this.pending.get(promptId)
    if (!resolve) return { answered: false }
    this.pending.delete(promptId)
    resolve(value)
    return { answered: true }
  }

  cancelAll(): void {
    for (const id of [...this.pending.keys()]) this.answer(id, null)
  }
}
