/** Opens pipes on a running harness exactly as the page does: the shim's code, Node's WebSocket. */
import { harnessPipes } from '../../src/harness/shim/pipes.js'
import type { Harness } from '../../src/harness/server.js'
import type { Pipe, PipeArgs, PipeKind } from '@shared/pipes.js'

export function openHarnessPipe<K extends PipeKind>(harness: Harness, kind: K, args: PipeArgs<K>): Pipe<K> {
  return harnessPipes(`ws://127.0.0.1:${harness.port}`, harness.token).openPipe(kind, args)
}

/** Collects a pipe's bytes; `until` resolves once `match` holds on everything received so far. */
export function collect(pipe: Pipe): {
  bytes(): Buffer
  until(what: string, timeoutMs: number, match: (all: Buffer) => boolean): Promise<void>
} {
  const chunks: Buffer[] = []
  let total: Buffer | undefined
  const waiters = new Set<() => void>()
  pipe.onMessage((data) => {
    chunks.push(Buffer.from(data))
    total = undefined
    for (const waiter of waiters) waiter()
  })
  const bytes = (): Buffer => (total ??= Buffer.concat(chunks))
  return {
    bytes,
    until: (what, timeoutMs, match) =>
      new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (!match(bytes())) return
          clearTimeout(timer)
          waiters.delete(check)
          resolve()
        }
        const timer = setTimeout(() => {
          waiters.delete(check)
          reject(
            new Error(`Timed out after ${timeoutMs} ms waiting for ${what} (${bytes().length} bytes so far)`),
          )
        }, timeoutMs)
        waiters.add(check)
        check()
      }),
  }
}
