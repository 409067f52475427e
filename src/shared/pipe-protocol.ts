import type { ErrorPayload } from './errors.js'
import type { PipeControl, PipeInfo, PipeKind } from './pipes.js'

/**
 * What travels on a pipe, whatever the transport. No schemas here: the preload and the harness
 * shim bundle this file (see pipes.ts for the kinds and their arguments).
 */

/** Frames from the renderer (JSON); bytes travel as binary frames. */
export type PipeClientFrame =
  | { type: 'open'; kind: string; args: unknown }
  | { type: 'control'; message: unknown }
  /** Electron only: how many bytes the page consumed since the last ack (flow control). */
  | { type: 'ack'; bytes: number }
  | { type: 'close' }

/** Frames from main (JSON); bytes travel as binary frames. */
export type PipeServerFrame = { type: 'opened'; info: unknown } | { type: 'closed'; error?: ErrorPayload }

/** How the renderer sees a pipe: the same object over both transports. */
export interface Pipe<K extends PipeKind = PipeKind> {
  /** Resolves with main's info once open; rejects with an error payload (code, message, detail). */
  readonly ready: Promise<PipeInfo<K>>
  send(data: Uint8Array | ArrayBuffer): void
  control(message: PipeControl): void
  /** Bytes from main; returns an unsubscribe. */
  onMessage(listener: (data: Uint8Array) => void): () => void
  /** Once, when the pipe ends (either side); `error` when main ended it on a failure. */
  onClose(listener: (reason: { error?: ErrorPayload }) => void): () => void
  close(): void
}

/** Flow control: main stops reading its source while this many bytes are unacknowledged. */
export const PIPE_HIGH_WATER = 4 * 1024 * 1024
/** …and reads again below this. */
export const PIPE_LOW_WATER = 1024 * 1024
/** The page acknowledges after consuming this much (Electron's MessagePort has no backpressure). */
export const PIPE_ACK_EVERY = 256 * 1024

/** The harness's WebSocket path for pipes (same origin, same token as /rpc). */
export const PIPE_WS_PATH = '/pipe'

/** The Electron IPC channel a pipe's MessagePort arrives on (with the `open` frame). */
export const PIPE_IPC = 'virtdeck:pipe'
