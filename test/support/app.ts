/** The whole app on a temp profile, called through its router as the renderer and the CLI do. */
import { mkdtempSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApp } from '../../src/main/app.js'
import type { App } from '../../src/main/app.js'
import { createEphemeralCipher } from '../../src/main/store/ephemeral-cipher.js'
import type { Channel, InputOf, OutputOf } from '@shared/contract.js'
import type { EventName, Events, Progress } from '@shared/protocol.js'
import { AppError } from '@shared/errors.js'

export interface TestApp {
  app: App
  dataDir: string
  /** Every event the bus emitted, with when it arrived. */
  events: { name: EventName; payload: unknown; at: number }[]
  call<C extends Channel>(
    channel: C,
    input: InputOf<C>,
    onProgress?: (p: Progress) => void,
  ): Promise<OutputOf<C>>
  /** Resolves with the first event (already seen, or coming) for which `match` returns true. */
  waitEvent<E extends EventName>(
    name: E,
    match: (payload: Events[E]) => boolean,
    timeoutMs?: number,
  ): Promise<{ payload: Events[E]; at: number }>
  close(): Promise<void>
}

export function startTestApp(): TestApp {
  const dataDir = mkdtempSync(join(tmpdir(), 'virtdeck-vms-'))
  const app = createApp({
    dataDir,
    cipher: createEphemeralCipher(),
    homeDir: dataDir,
    reconnect: { initialDelayMs: 100, maxDelayMs: 500 },
  })
  const events: TestApp['events'] = []
  app.bus.subscribe((name, payload) => events.push({ name, payload, at: Date.now() }))
  let op = 0
  return {
    app,
    dataDir,
    events,
    async call(channel, input, onProgress) {
      const envelope = await app.router.handle(
        { channel, input, opId: `t-${++op}` },
        { sendProgress: (_id, p) => onProgress?.(p) },
      )
      if (!envelope.ok) throw AppError.fromPayload(envelope.error)
      return envelope.value as never
    },
    async waitEvent(name, match, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const hit = events.find((e) => e.name === name && match(e.payload as Events[typeof name]))
        if (hit !== undefined) return { payload: hit.payload as Events[typeof name], at: hit.at }
        if (Date.now() > deadline)
          throw new Error(`Timed out after ${timeoutMs} ms waiting for a ${name} event`)
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
    },
    async close() {
      await app.close()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}
