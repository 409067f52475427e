import { AppError, ERROR_CODES } from '@shared/errors.js'
import type { ErrorCode } from '@shared/errors.js'

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value)
}

/**
 * Turns whatever a call rejected with into an AppError. Besides real AppErrors this accepts plain
 * `{ code, message, detail?, data? }` objects, because Electron's contextBridge copies only the
 * message of an Error that crosses it: a preload that wants codes to survive rejects with the payload.
 */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error
  if (typeof error === 'object' && error !== null) {
    const candidate = error as { code?: unknown; message?: unknown; detail?: unknown; data?: unknown }
    if (isErrorCode(candidate.code)) {
      const options: { detail?: string; data?: Record<string, unknown> } = {}
      if (typeof candidate.detail === 'string') options.detail = candidate.detail
      if (typeof candidate.data === 'object' && candidate.data !== null)
        options.data = candidate.data as Record<string, unknown>
      const message = typeof candidate.message === 'string' ? candidate.message : candidate.code
      return new AppError(candidate.code, message, options)
    }
  }
  if (error instanceof DOMException && error.name === 'AbortError')
    return new AppError('CANCELLED', 'Cancelled')
  const message = error instanceof Error ? error.message : String(error)
  return new AppError('INTERNAL', message)
}

/** Errors the user has already been shown in a dialog (e.g. a refused host key): no second notification. */
const acknowledged = new WeakSet<AppError>()

export function markAcknowledged(error: AppError): AppError {
  acknowledged.add(error)
  return error
}

export function isAcknowledged(error: AppError): boolean {
  return acknowledged.has(error)
}
