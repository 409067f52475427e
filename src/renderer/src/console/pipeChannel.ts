import type { RfbChannel } from '@novnc/novnc'
import type { AppError } from '@shared/errors.js'
import type { ConsolePipe } from '../api/pipes'

/**
 * noVNC's RFB takes a URL or a WebSocket-like channel; this is the channel, on a pipe. RFB sets the
 * `on…` handlers after construction (Websock.attach), so the pipe's events are forwarded lazily.
 */
export class PipeChannel implements RfbChannel {
  binaryType = 'arraybuffer'
  protocol = ''
  readyState: 'connecting' | 'open' | 'closing' | 'closed' = 'connecting'
  onopen: ((event: unknown) => void) | null = null
  onmessage: ((event: { data: ArrayBuffer }) => void) | null = null
  onclose: ((event: { code: number; reason: string; wasClean: boolean }) => void) | null = null
  onerror: ((event: unknown) => void) | null = null
  /** Why main ended the pipe, if it did on a failure. */
  error: AppError | undefined

  constructor(private readonly pipe: ConsolePipe<'vm.vnc'>) {
    pipe.ready.then(
      () => {
        if (this.readyState !== 'connecting') return
        this.readyState = 'open'
        this.onopen?.({})
      },
      () => undefined,
    )
    pipe.onMessage((data) => {
      // RFB reads `event.data` as an ArrayBuffer; hand it exactly these bytes.
      const exact =
        data.byteOffset === 0 && data.byteLength === data.buffer.byteLength
          ? (data.buffer as ArrayBuffer)
          : (data.slice().buffer as ArrayBuffer)
      this.onmessage?.({ data: exact })
    })
    pipe.onClose((error) => {
      this.error = error
      const wasOpen = this.readyState === 'open'
      this.readyState = 'closed'
      if (error !== undefined) this.onerror?.({ message: error.message })
      this.onclose?.({
        code: error === undefined ? 1000 : 1011,
        reason: error?.message ?? '',
        wasClean: wasOpen,
      })
    })
  }

  send(data: Uint8Array | ArrayBuffer): void {
    if (this.readyState !== 'open') return
    // RFB reuses its send buffer: copy what it hands over.
    this.pipe.send(data instanceof Uint8Array ? data.slice() : data.slice(0))
  }

  close(): void {
    if (this.readyState === 'closed') return
    this.readyState = 'closing'
    this.pipe.close()
  }
}
