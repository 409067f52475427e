/// <reference types="vite/client" />
import type { AppError } from '@shared/errors.js'
import type { VirtDeckApi } from '@shared/contract.js'
import type { PipeApi } from '@shared/pipes.js'
import type { ConsoleWindowsApi } from '@shared/console-route.js'

declare global {
  interface Window {
    /** Provided by the Electron preload (or the browser harness shim). Only `src/api/` touches it. */
    readonly virtdeck: VirtDeckApi
    /** Duplex byte channels for consoles (preload: MessagePort; harness: WebSocket). Only `src/api/pipes.ts` touches it. */
    readonly virtdeckPipes: PipeApi
    /** Electron only: console windows main opens (the harness uses window.open). */
    readonly virtdeckWindows?: ConsoleWindowsApi
  }
}

declare module '@tanstack/react-query' {
  interface Register {
    /** Every query and mutation function rejects with an AppError (see api/virtdeck.ts). */
    defaultError: AppError
  }
}

export {}
