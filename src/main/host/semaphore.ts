import { AppError } from '@shared/errors.js'

interface Waiter {
  grant: (release: () => void) => void
}

/** A counting semaphore with a FIFO queue: bounds concurrent SSH channels (OpenSSH MaxSessions). */
export class Semaphore {
  private available: number
  private readonly queue: Waiter[] = []

  constructor(readonly size: number) {
    this.available = size
  }

  get inUse(): number {
    return this.size - this.available
  }

  get waiting(): number {
    return this.queue.length
  }

  /**
   * Resolves with a release function once a slot is free. Rejects with TIMEOUT at the deadline
   * (ms since epoch) and with CANCELLED when the signal aborts; a waiter that gave up leaves the queue.
   */
  acquire(options: { deadline?: number; signal?: AbortSignal; what?: string } = {}): Promise<() => void> {
    const { deadline, signal } = options
    if (signal?.aborted) return Promise.reject(cancelled(options.what))
    if (this.available > 0) {
      this.available -= 1
      return Promise.resolve(this.releaser())
    }
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined
      const cleanup = (): void => {
        if (timer !== undefined) clearTimeout(timer)
        signal?.removeEventListener('abort', onAbort)
      }
      const waiter: Waiter = {
        grant: (release) => {
          cleanup()
          resolve(release)
        },
      }
      const leave = (error: AppError): void => {
        const index = this.queue.indexOf(waiter)
        if (index >= 0) this.queue.splice(index, 1)
        cleanup()
        reject(error)
      }
      const onAbort = (): void => leave(cancelled(options.what))
      signal?.addEventListener('abort', onAbort, { once: true })
      if (deadline !== undefined) {
        timer = setTimeout(
          () =>
            leave(
              new AppError('TIMEOUT', `${options.what ?? 'The command'} waited too long for a free channel`),
            ),
          Math.max(0, deadline - Date.now()),
        )
      }
      this.queue.push(waiter)
    })
  }

  private releaser(): () => void {
    let released = false
    return () => {
      if (released) return
      released = true
      const next = this.queue.shift()
      if (next === undefined) this.available += 1
      else next.grant(this.releaser())
    }
  }
}

function cancelled(what: string | undefined): AppError {
  return new AppError('CANCELLED', `${what ?? 'The command'} was cancelled`)
}
