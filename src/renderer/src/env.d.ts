/// <reference types="vite/client" />
import type { AppError } from '@shared/errors.js'
import type { VirtDeckApi } from '@shared/contract.js'
import type { PipeApi } from '@shared/pipes.js'

declare global {
  interface Window {
    /** Provided by the Electron preload (or the browser harness shim). Only `src/api/` touches it. */
    readonly virtdeck: VirtDeckApi
    /** Duplex byte channels for consoles (preload: MessagePort; harness: WebSocket). Only `src/api/pipes.ts` touches it. */
    readonly virtdeckPipes: PipeApi
  }
}

declare module '@tanstack/react-query' {
  interface Register {
    /** Every query and mutation function rejects with an AppError (see api/virtdeck.ts). */
    defaultError: AppError
  }
}

export {}
