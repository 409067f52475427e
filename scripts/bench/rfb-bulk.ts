/**
 * A minimal RFB 3.8 client that asks a VNC server for full raw frames, one after another (as a
 * viewer does: the next request once a frame is in), and counts bytes and frames. Transport-free:
 * the caller feeds it the server's bytes and gives it a way to send.
 */
export interface RfbBulkResult {
  bytes: number
  frames: number
  seconds: number
  width: number
  height: number
}

export interface RfbBulk {
  feed(chunk: Uint8Array): void
  done: Promise<RfbBulkResult>
}

export function rfbBulk(send: (bytes: Uint8Array) => void, seconds: number): RfbBulk {
  let pending = new Uint8Array(0)
  let stage: 'version' | 'security' | 'result' | 'init' | 'frames' = 'version'
  let width = 0
  let height = 0
  let bytes = 0
  let frames = 0
  let started = 0
  let finished = false
  // Frame parsing: bytes still to skip (a rectangle's pixels), rectangles left in this update.
  let skip = 0
  let rects = 0
  let header = new Uint8Array(0)
  let resolveDone: (result: RfbBulkResult) => void = () => undefined
  const done = new Promise<RfbBulkResult>((resolve) => (resolveDone = resolve))

  const request = (): void => {
    const message = new Uint8Array(10)
    const view = new DataView(message.buffer)
    message[0] = 3 // FramebufferUpdateRequest, not incremental: the whole screen
    view.setUint16(6, width)
    view.setUint16(8, height)
    send(message)
  }
  const take = (n: number): Uint8Array | undefined => {
    if (pending.length < n) return undefined
    const head = pending.subarray(0, n)
    pending = pending.subarray(n)
    return head
  }
  const handshake = (): void => {
    for (;;) {
      if (stage === 'version') {
        if (take(12) === undefined) return
        send(new TextEncoder().encode('RFB 003.008\n'))
        stage = 'security'
      } else if (stage === 'security') {
        const count = pending[0]
        if (count === undefined || take(1 + count) === undefined) return
        send(Uint8Array.of(1)) // None
        stage = 'result'
      } else if (stage === 'result') {
        if (take(4) === undefined) return
        send(Uint8Array.of(1)) // ClientInit, shared
        stage = 'init'
      } else if (stage === 'init') {
        if (pending.length < 24) return
        const view = new DataView(pending.buffer, pending.byteOffset, pending.byteLength)
        const nameLength = view.getUint32(20)
        width = view.getUint16(0)
        height = view.getUint16(2)
        if (take(24 + nameLength) === undefined) return
        const encodings = new Uint8Array(8)
        encodings[0] = 2 // SetEncodings: raw only
        new DataView(encodings.buffer).setUint16(2, 1)
        send(encodings)
        stage = 'frames'
        started = performance.now()
        setTimeout(() => {
          finished = true
          resolveDone({ bytes, frames, seconds: (performance.now() - started) / 1000, width, height })
        }, seconds * 1000)
        request()
        return
      }
    }
  }
  /** Walks FramebufferUpdate messages (raw rectangles) without copying their pixels. */
  const frameBytes = (chunk: Uint8Array): void => {
    let at = 0
    while (at < chunk.length) {
      if (skip > 0) {
        const n = Math.min(skip, chunk.length - at)
        skip -= n
        at += n
        if (skip === 0 && rects === 0) {
          frames++
          if (!finished) request()
        }
        continue
      }
      const need = rects === 0 ? 4 : 12
      const n = Math.min(need - header.length, chunk.length - at)
      const joined = new Uint8Array(header.length + n)
      joined.set(header)
      joined.set(chunk.subarray(at, at + n), header.length)
      header = joined
      at += n
      if (header.length < need) continue
      const view = new DataView(header.buffer)
      if (rects === 0) {
        if (header[0] !== 0) throw new Error(`unexpected server message ${header[0]}`)
        rects = view.getUint16(2)
      } else {
        rects--
        skip = view.getUint16(4) * view.getUint16(6) * 4
        if (view.getInt32(8) !== 0) throw new Error(`unexpected encoding ${view.getInt32(8)}`)
      }
      header = new Uint8Array(0)
      if (skip === 0 && rects === 0) {
        frames++
        if (!finished) request()
      }
    }
  }
  return {
    feed(chunk) {
      if (stage === 'frames') {
        bytes += chunk.length
        frameBytes(chunk)
        return
      }
      const joined = new Uint8Array(pending.length + chunk.length)
      joined.set(pending)
      joined.set(chunk, pending.length)
      pending = joined
      handshake()
      // handshake() may have moved on to frames (TypeScript cannot see it through the call).
      if ((stage as string) === 'frames' && pending.length > 0) {
        const rest = pending
        pending = new Uint8Array(0)
        bytes += rest.length
        frameBytes(rest)
      }
    },
    done,
  }
}
