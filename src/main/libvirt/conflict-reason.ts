import { AppError } from '@shared/errors.js'

/**
 * libvirt answers many refusals with "Requested operation is not valid: <reason>". Only some reasons
 * mean "the object is already in (or not in) that state"; the others (an inactive network, a
 * missing disk) must reach the user as they are, translated where we know them, with the fix.
 */

/** The object's own state is the conflict: the caller's canned words ("is already running") fit. */
const STATE_REASON =
  /(?:domain|network|pool|storage pool) is (?:already (?:active|running)|not (?:active|running|paused))|is already (?:active|running)|is not (?:running|paused)|not paused|domain is not running/i

export interface ConflictFix {
  kind: 'start-network' | 'start-pool'
  network?: string
  pool?: string
}

export interface ConflictReason {
  /** libvirt's reason without the "Requested operation is not valid:" prefix. */
  reason: string
  /** True when the reason is the object's own state (already running, not running…). */
  isState: boolean
  /** The user's words for it, when we know them. */
  words?: string
  fix?: ConflictFix
}

/** libvirt's most specific reason in a CONFLICT from virsh. */
export function conflictReason(error: AppError): ConflictReason {
  const text = `${error.message}\n${error.detail ?? ''}`
  const lines = text
    .split('\n')
    .map((line) => line.replace(/^error: /, '').trim())
    .filter((line) => line.length > 0)
  const specific =
    [...lines].reverse().find((line) => /operation is not valid:|Operation not allowed:/i.test(line)) ??
    lines[lines.length - 1] ??
    error.message
  const reason = specific.replace(/^.*?(?:Requested operation is not valid|Operation not allowed):\s*/i, '')
  const network = /network '([^']+)' is not active/i.exec(reason)
  if (network?.[1] !== undefined) {
    return {
      reason,
      isState: false,
      words: `its network “${network[1]}” is not active. Start the network, then try again`,
      fix: { kind: 'start-network', network: network[1] },
    }
  }
  const pool = /storage pool '([^']+)' is not active/i.exec(reason)
  if (pool?.[1] !== undefined) {
    return {
      reason,
      isState: false,
      words: `its storage pool “${pool[1]}” is not active. Start the pool, then try again`,
      fix: { kind: 'start-pool', pool: pool[1] },
    }
  }
  return { reason, isState: STATE_REASON.test(reason) || !/:/.test(specific) }
}

/**
 * The AppError for a CONFLICT: `stateWords` ("is already running") when libvirt's reason is the
 * object's state, otherwise "cannot <verb>: <libvirt's reason, translated>" with the fix in `data.fix`.
 */
export function conflictError(error: AppError, subject: string, verb: string, stateWords: string): AppError {
  const why = conflictReason(error)
  const detail = error.message + (error.detail === undefined ? '' : `\n${error.detail}`)
  if (why.isState && why.words === undefined) {
    return new AppError('CONFLICT', `${subject} ${stateWords}`, { detail, cause: error })
  }
  return new AppError('CONFLICT', `${subject} cannot ${verb}: ${why.words ?? why.reason}`, {
    detail,
    cause: error,
    data: { ...(error.data ?? {}), reason: why.reason, ...(why.fix === undefined ? {} : { fix: why.fix }) },
  })
}
