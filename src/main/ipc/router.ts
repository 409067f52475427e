import type { Channel, OutputOf, ParsedInputOf } from '@shared/contract.js'
import type { Envelope, Progress, Request } from '@shared/protocol.js'
import { contract, isChannel } from '@shared/contract.js'
import { AppError, toErrorPayload } from '@shared/errors.js'
import { createLogger } from '../log.js'

const log = createLogger('ipc')

export interface CallContext {
  /** Aborted when the caller cancels a streaming call (or goes away). */
  signal: AbortSignal
  /** Reports progress of a streaming call to its caller; a no-op for plain calls. */
  progress(progress: Progress): void
}

export type Handler<C extends Channel> = (
  input: ParsedInputOf<C>,
  context: CallContext,
) => Promise<OutputOf<C>>
export type Handlers = { [C in Channel]: Handler<C> }

/** Who is calling: lets the router send progress back to that caller only. */
export interface Caller {
  sendProgress(opId: string, progress: Progress): void
}

function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues
    .map((issue) => `${issue.path.length ? issue.path.map(String).join('.') : 'input'}: ${issue.message}`)
    .join('\n')
}

/**
 * The one entry point for every transport (Electron IPC, the harness WebSocket, tests): checks the
 * channel, validates the input with the contract's schema, runs the handler, and turns whatever
 * happens into an envelope. Nothing thrown escapes.
 */
export class Router {
  private readonly running = new Map<string, AbortController>()

  constructor(private readonly handlers: Handlers) {}

  async handle(request: Request, caller?: Caller): Promise<Envelope<unknown>> {
    try {
      if (typeof request !== 'object' || request === null)
        throw new AppError('INVALID_INPUT', 'A request must be an object.')
      const { channel, input, opId } = request
      if (!isChannel(channel))
        throw new AppError('INVALID_INPUT', `Unknown channel: ${String(channel).slice(0, 100)}`)
      const spec = contract[channel]
      const parsed = spec.input.safeParse(input ?? {})
      if (!parsed.success) {
        throw new AppError('INVALID_INPUT', `Invalid input for ${channel}.`, {
          detail: describeIssues(parsed.error.issues),
        })
      }
      const controller = new AbortController()
      const id = spec.streaming && typeof opId === 'string' && opId.length <= 100 ? opId : undefined
      if (id) this.running.set(id, controller)
      const context: CallContext = {
        signal: controller.signal,
        progress: (progress) => {
          if (id) caller?.sendProgress(id, progress)
        },
      }
      try {
        const handler = this.handlers[channel] as Handler<Channel>
        const value = await handler(parsed.data as ParsedInputOf<Channel>, context)
        return { ok: true, value }
      } finally {
        if (id) this.running.delete(id)
      }
    } catch (error) {
      if (!(error instanceof AppError))
        log.error('unexpected error in handler', {
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        })
      return { ok: false, error: toErrorPayload(error) }
    }
  }

  /** Cancels a running streaming call; unknown ids are ignored (it may have just finished). */
  cancel(opId: string): void {
    this.running.get(opId)?.abort(new AppError('CANCELLED', 'Cancelled by the user'))
  }

  /** Cancels everything (a window closed, the app quits). */
  cancelAll(): void {
    for (const controller of this.running.values()) controller.abort(new AppError('CANCELLED', 'Cancelled'))
  }
}
