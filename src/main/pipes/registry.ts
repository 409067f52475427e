import type { Duplex } from 'node:stream'
import type { z } from 'zod'
import { AppError } from '@shared/errors.js'
import type { PipeControl, PipeInfo, PipeKind } from '@shared/pipes.js'
import { PIPE_ARGS } from '@shared/pipes.js'

/** An open pipe on main's side: the bytes (a Duplex), what the page is told, and its control handler. */
export interface PipeConnection<K extends PipeKind = PipeKind> {
  stream: Duplex
  info: PipeInfo<K>
  /** Out-of-band messages (resize); kinds without one ignore them. */
  control?(message: PipeControl): void
  /** Ends the source (kills the process, closes the channel); the stream ends after it. */
  close(): void
}

export type PipeOpener<K extends PipeKind> = (
  args: z.output<(typeof PIPE_ARGS)[K]>,
  signal: AbortSignal,
) => Promise<PipeConnection<K>>

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(arguments)'}: ${issue.message}`).join('\n')
}

/**
 * Kind → opener. Capabilities register their kinds (`vm.serial`, `vm.vnc`, …); the transports
 * (harness WebSocket, Electron MessagePort) only ever call `open`, which validates the arguments
 * with the kind's schema before the opener sees them.
 */
export class PipeRegistry {
  private readonly openers = new Map<PipeKind, PipeOpener<PipeKind>>()

  register<K extends PipeKind>(kind: K, opener: PipeOpener<K>): void {
    this.openers.set(kind, opener as unknown as PipeOpener<PipeKind>)
  }

  kinds(): PipeKind[] {
    return [...this.openers.keys()]
  }

  async open(kind: unknown, args: unknown, signal: AbortSignal): Promise<PipeConnection> {
    const opener = typeof kind === 'string' ? this.openers.get(kind as PipeKind) : undefined
    if (opener === undefined)
      throw new AppError('INVALID_INPUT', `There is no console of kind ${JSON.stringify(kind)}`, {
        detail: `Known kinds: ${this.kinds().join(', ') || 'none'}.`,
      })
    const parsed = PIPE_ARGS[kind as PipeKind].safeParse(args)
    if (!parsed.success)
      throw new AppError('INVALID_INPUT', `The arguments of the ${String(kind)} console are not valid`, {
        detail: describeIssues(parsed.error),
      })
    return opener(parsed.data, signal)
  }
}
