import type { AppError } from '@shared/errors.js'
import type { Pipe, PipeArgs, PipeInfo, PipeKind } from '@shared/pipes.js'
import { toAppError } from './errors'

/** A pipe as panels use it: `ready` and `onClose` give AppErrors (the transports send payloads). */
export interface ConsolePipe<K extends PipeKind> {
  ready: Promise<PipeInfo<K>>
  send: Pipe<K>['send']
  control: Pipe<K>['control']
  onMessage: Pipe<K>['onMessage']
  onClose(listener: (error: AppError | undefined) => void): () => void
  close(): void
}

/** The only module that touches `window.virtdeckPipes`. */
export function openPipe<K extends PipeKind>(kind: K, args: PipeArgs<K>): ConsolePipe<K> {
  const pipe = window.virtdeckPipes.openPipe(kind, args)
  const ready = pipe.ready.catch((error: unknown) => {
    throw toAppError(error)
  })
  ready.catch(() => undefined)
  return {
    ready,
    send: (data) => pipe.send(data),
    control: (message) => pipe.control(message),
    onMessage: (listener) => pipe.onMessage(listener),
    onClose: (listener) =>
      pipe.onClose((reason) => listener(reason.error === undefined ? undefined : toAppError(reason.error))),
    close: () => pipe.close(),
  }
}
