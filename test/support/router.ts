import type { App } from '../../src/main/app.js'
import type { Channel, InputOf, OutputOf } from '@shared/contract.js'
import { AppError } from '@shared/errors.js'
import type { Progress } from '@shared/protocol.js'

/** One call through the app's router, as the renderer and the CLI make it; a failure is rethrown as an AppError. */
export async function call<C extends Channel>(
  app: App,
  channel: C,
  input: InputOf<C>,
  progress?: Progress[],
): Promise<OutputOf<C>> {
  const envelope = await app.router.handle(
    { channel, input, opId: `t-${channel}-${Math.random()}` },
    { sendProgress: (_id, p) => progress?.push(p) },
  )
  if (!envelope.ok) throw AppError.fromPayload(envelope.error)
  return envelope.value as OutputOf<C>
}

/** The AppError a promise rejects with; fails the test when it resolves or rejects with anything else. */
export async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`)
  return error
}
