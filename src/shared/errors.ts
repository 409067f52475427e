/** Error codes that cross the IPC boundary. Declared once; main, renderer, CLI and tests share them. */
export const ERROR_CODES = [
  'INVALID_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'HOST_UNREACHABLE',
  'HOST_KEY_UNKNOWN',
  'HOST_KEY_CHANGED',
  'AUTH_FAILED',
  'PERMISSION_DENIED',
  'TIMEOUT',
  'CANCELLED',
  'COMMAND_FAILED',
  'COMMAND_NOT_FOUND',
  'STORE_CORRUPT',
  'STORE_TOO_NEW',
  'FORBIDDEN_SENDER',
  'UNSUPPORTED',
  'INTERNAL',
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

export interface ErrorPayload {
  code: ErrorCode
  message: string
  /** Longer text for a "details" disclosure: command output, the fingerprint, what to do. */
  detail?: string
  /** Structured data a UI may act on (e.g. the fingerprint of an unknown host key). */
  data?: Record<string, unknown>
}

/** The one error type of the app. `message` says what happened; `detail` says more and what to do. */
export class AppError extends Error {
  readonly code: ErrorCode
  readonly detail: string | undefined
  readonly data: Record<string, unknown> | undefined

  constructor(
    code: ErrorCode,
    message: string,
    options: { detail?: string; data?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'AppError'
    this.code = code
    this.detail = options.detail
    this.data = options.data
  }

  toPayload(): ErrorPayload {
    const payload: ErrorPayload = { code: this.code, message: this.message }
    if (this.detail !== undefined) payload.detail = this.detail
    if (this.data !== undefined) payload.data = this.data
    return payload
  }

  static fromPayload(payload: ErrorPayload): AppError {
    const options: { detail?: string; data?: Record<string, unknown> } = {}
    if (payload.detail !== undefined) options.detail = payload.detail
    if (payload.data !== undefined) options.data = payload.data
    return new AppError(payload.code, payload.message, options)
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError
}

/** Turns anything thrown into a payload without leaking stack traces across the boundary. */
export function toErrorPayload(error: unknown): ErrorPayload {
  if (error instanceof AppError) return error.toPayload()
  const message = error instanceof Error ? error.message : String(error)
  return { code: 'INTERNAL', message: `Unexpected error: ${message}` }
}
