/** The part of noVNC's RFB (core/rfb.js, @novnc/novnc 1.7) VirtDeck uses; the package ships no types. */
declare module '@novnc/novnc' {
  /** A WebSocket-like channel (see core/websock.js `rawChannelProps`). */
  export interface RfbChannel {
    binaryType: string
    protocol: string
    readyState: string | number
    onopen: ((event: unknown) => void) | null
    onmessage: ((event: { data: ArrayBuffer }) => void) | null
    onclose: ((event: { code: number; reason: string; wasClean: boolean }) => void) | null
    onerror: ((event: unknown) => void) | null
    send(data: Uint8Array | ArrayBuffer): void
    close(): void
  }

  export interface RfbOptions {
    shared?: boolean
    credentials?: { username?: string; password?: string; target?: string }
    wsProtocols?: string[]
  }

  export default class RFB extends EventTarget {
    constructor(target: HTMLElement, urlOrChannel: string | RfbChannel, options?: RfbOptions)
    scaleViewport: boolean
    resizeSession: boolean
    clipViewport: boolean
    viewOnly: boolean
    focusOnClick: boolean
    showDotCursor: boolean
    background: string
    qualityLevel: number
    compressionLevel: number
    disconnect(): void
    sendCredentials(credentials: { username?: string; password?: string; target?: string }): void
    sendCtrlAltDel(): void
    sendKey(keysym: number, code: string | null, down?: boolean): void
    clipboardPasteFrom(text: string): void
    focus(options?: FocusOptions): void
    blur(): void
  }
}
