import { AppError } from '@shared/errors.js'

/**
 * How a libvirt command reaches a host. Today virsh (a long-lived session, or one process per
 * call); a native RPC client could implement the same interface later.
 */

export interface RunOptions {
  /** Fail with TIMEOUT after this long (default: the transport's, 30 s). */
  timeoutMs?: number
  /** Cancel: fails with CANCELLED (a session is restarted if the command was already running). */
  signal?: AbortSignal
}

export interface LibvirtTransport {
  /** The libvirt URI, e.g. qemu:///system. */
  readonly uri: string
  /**
   * Runs one virsh command (`['dominfo', '--domain', name]`) and resolves with its standard
   * output. Rejects with an AppError mapped from virsh's error (NOT_FOUND, CONFLICT,
   * HOST_UNREACHABLE, PERMISSION_DENIED, INVALID_INPUT, UNSUPPORTED, TIMEOUT, CANCELLED,
   * COMMAND_FAILED); `detail` carries virsh's own words.
   */
  run(args: readonly string[], options?: RunOptions): Promise<string>
  /**
   * Runs read-only commands as one batch (one round trip, one marker): each command's output, and
   * the error lines of all (a failed command has empty output). Rejects only when the batch as a
   * whole could not run (libvirt unreachable, timeout, cancel). Optional: see `runEach`.
   */
  runBatch?(commands: readonly (readonly string[])[], options?: RunOptions): Promise<BatchResult>
  close(): Promise<void>
}

export interface BatchResult {
  outputs: string[]
  /** virsh's `error:` lines, without the prefix. */
  errors: string[]
}

export const DEFAULT_CALL_TIMEOUT_MS = 30_000

/**
 * The environment of every virsh VirtDeck starts: English messages (errors are matched on them) in
 * UTF-8, no readline init file of the user (a binding there could rewrite our input), and a
 * terminal that never wraps.
 */
export function virshEnv(uri: string): Record<string, string> {
  // readline echoes the input it reads; as a dumb terminal a million columns wide it echoes each line
  // verbatim (at 80 columns it redraws with cursor movements, or scrolls the line sideways).
  const env: Record<string, string> = {
    LC_ALL: 'C.UTF-8',
    LANGUAGE: '',
    INPUTRC: '/dev/null',
    TERM: 'dumb',
    COLUMNS: '1000000',
  }
  // Interactive virsh saves its readline history to $XDG_CACHE_HOME/virsh/history on exit; keep
  // VirtDeck's commands out of the user's history. Not for session URIs: a session daemon that virsh
  // starts inherits XDG_CACHE_HOME and keeps its capability cache there.
  if (!/\/session\b/.test(uri)) env['XDG_CACHE_HOME'] = '/dev/null'
  return env
}

/** The batch contract on a transport without batches: each command on its own, errors collected. */
export async function runEach(
  transport: LibvirtTransport,
  commands: readonly (readonly string[])[],
  options: RunOptions,
): Promise<BatchResult> {
  const results = await Promise.allSettled(commands.map((command) => transport.run(command, options)))
  const errors: string[] = []
  const outputs = results.map((result) => {
    if (result.status === 'fulfilled') return result.value
    const reason: unknown = result.reason
    if (
      reason instanceof AppError &&
      (reason.code === 'HOST_UNREACHABLE' || reason.code === 'TIMEOUT' || reason.code === 'CANCELLED')
    )
      throw reason
    errors.push(reason instanceof Error ? reason.message : String(reason))
    return ''
  })
  return { outputs, errors }
}
