import type { Client, ClientChannel } from 'ssh2'
import { AppError } from '@shared/errors.js'
import type { ExecOptions, ExecResult, HostProcess } from './host.js'
import { commandNotFound, looksLikeMissingCommand } from './missing-command.js'
import { DEFAULT_TIMEOUT_MS, collect } from './run-process.js'
import { describeCommand, remoteCommandLine } from './shell-quote.js'
import type { SshConnection } from './ssh-connection.js'

const KILL_TRIES = 10
const KILL_RETRY_MS = 200

/** A remote process on an exec channel; also tells whether the connection dropped under it. */
interface ChannelProcess extends HostProcess {
  readonly connectionLost: () => boolean
}

export interface ChannelRequest {
  file: string
  args: readonly string[]
  env?: Record<string, string>
  /** ms since epoch: waiting for the connection and for a free channel counts against it. */
  deadline: number
  signal?: AbortSignal
  label: string
}

/** Opens an exec channel running `file args` (through `sh`, whatever the login shell) within the channel limit. */
export async function openChannelProcess(
  connection: SshConnection,
  where: string,
  request: ChannelRequest,
): Promise<ChannelProcess> {
  const command = remoteCommandLine(request.file, request.args, request.env)
  await connection.ready(request.deadline, request.signal)
  const release = await connection.channels.acquire({
    deadline: request.deadline,
    what: `\`${request.label}\``,
    ...(request.signal === undefined ? {} : { signal: request.signal }),
  })
  try {
    // The connection may have been replaced while this call waited for a channel.
    const live = await connection.ready(request.deadline, request.signal)
    return await openWithRetry(live, command, where, request, release)
  } catch (error) {
    release()
    throw error
  }
}

/**
 * sshd frees a session only after its loop has garbage-collected the closed channel, so a channel
 * opened right after another closed can be refused ("open failed") although we never exceed
 * MaxSessions. Such a refusal is retried with a short backoff until the deadline.
 */
async function openWithRetry(
  client: Client,
  command: string,
  where: string,
  request: ChannelRequest,
  release: () => void,
): Promise<ChannelProcess> {
  for (let delay = 20; ; delay = Math.min(delay * 2, 500)) {
    try {
      return await execChannel(client, command, release)
    } catch (error) {
      const refused =
        typeof error === 'object' &&
        error !== null &&
        'reason' in error &&
        (error.reason === 2 || error.reason === 4)
      if (!refused || Date.now() + delay > request.deadline || request.signal?.aborted === true) {
        throw new AppError(
          refused ? 'COMMAND_FAILED' : 'HOST_UNREACHABLE',
          `Could not start a command on ${where}: ${error instanceof Error ? error.message : String(error)}`,
          {
            cause: error,
            ...(refused
              ? { detail: 'The SSH server refused a new session (MaxSessions in its sshd_config).' }
              : {}),
          },
        )
      }
      await new Promise((resolve) => setTimeout(resolve, delay))
    }
  }
}

function execChannel(client: Client, command: string, release: () => void): Promise<ChannelProcess> {
  return new Promise((resolve, reject) => {
    try {
      client.exec(command, (error, channel) => {
        if (error !== undefined && error !== null) reject(error)
        // Listen before returning to the event loop: ssh2 may emit 'exit' for a quick command
        // in the same tick as this callback, before a promise continuation would run.
        else resolve(adapt(client, channel, release))
      })
    } catch (error) {
      reject(error)
    }
  })
}

function adapt(client: Client, channel: ClientChannel, release: () => void): ChannelProcess {
  let lost = false
  let status: { code: number | null; signal: string | null } = { code: null, signal: null }
  let resolveExited: (value: { code: number | null; signal: string | null }) => void = () => undefined
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
    resolveExited = resolve
  })
  // The channel's own 'close' waits until its output was read; the process may have ended long before.
  let exitedYet = false
  let killing = false
  let killTimer: NodeJS.Timeout | undefined
  const closeChannel = (): void => {
    try {
      channel.close()
    } catch {
      // Already closed.
    }
  }
  const ended = (): void => {
    exitedYet = true
    if (killTimer !== undefined) clearTimeout(killTimer)
    if (killing) closeChannel()
    resolveExited(status)
  }
  const finished = (): void => {
    client.removeListener('close', onClientClose)
    release()
    ended()
  }
  const onClientClose = (): void => {
    lost = true
    finished()
  }
  client.once('close', onClientClose)
  // A stream error must not crash the app; the run ends through 'close' or the connection's close.
  channel.on('error', () => undefined)
  channel.stderr.on('error', () => undefined)
  channel.on('exit', (code: number | null, signal?: string) => {
    status = {
      code: typeof code === 'number' ? code : null,
      signal: typeof signal === 'string' ? (signal.startsWith('SIG') ? signal : `SIG${signal}`) : null,
    }
    ended()
  })
  channel.once('close', (code?: unknown, signal?: unknown) => {
    // ssh2 repeats the exit status on 'close'.
    if (status.code === null && status.signal === null) {
      status = {
        code: typeof code === 'number' ? code : null,
        signal: typeof signal === 'string' ? signal : null,
      }
    }
    finished()
  })
  return {
    stdin: channel,
    stdout: channel,
    stderr: channel.stderr,
    exited,
    connectionLost: () => lost,
    kill() {
      if (killing) return
      killing = true
      // Nobody wants the rest of the output; drain it so the channel can close and free its slot.
      channel.resume()
      channel.stderr.resume()
      // Closing alone would leave the command running (sshd keeps the session until its child
      // exits), so signal it. sshd signals the process group, which a just-started command may not
      // have set up yet: repeat until it is gone, then close.
      let tries = 0
      const attempt = (): void => {
        if (exitedYet || lost) return
        tries += 1
        sendSignal(channel, 'KILL')
        if (tries < KILL_TRIES) killTimer = setTimeout(attempt, KILL_RETRY_MS)
        else closeChannel()
      }
      attempt()
    },
  }
}

export async function sshExec(
  connection: SshConnection,
  where: string,
  file: string,
  args: readonly string[],
  options: ExecOptions,
): Promise<ExecResult> {
  const label = describeCommand(file, args)
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const startedAt = Date.now()
  const deadline = startedAt + timeoutMs
  if (options.signal?.aborted) throw new AppError('CANCELLED', `\`${label}\` was cancelled`)
  let proc: ChannelProcess
  try {
    proc = await openChannelProcess(connection, where, {
      file,
      args,
      deadline,
      label,
      ...(options.env === undefined ? {} : { env: options.env }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    })
  } catch (error) {
    if (error instanceof AppError && error.code === 'CANCELLED')
      throw new AppError('CANCELLED', `\`${label}\` was cancelled`)
    throw error
  }
  const result = await collect(proc, {
    label,
    where,
    timeoutMs: Math.max(1, deadline - Date.now()),
    reportedTimeoutMs: timeoutMs,
    ...(options.input === undefined ? {} : { input: options.input }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  }).result
  if (proc.connectionLost() && result.code === null) {
    throw new AppError('HOST_UNREACHABLE', `The connection to ${where} was lost while \`${label}\` ran`, {
      detail: 'The command may or may not have finished on the machine.',
    })
  }
  if (looksLikeMissingCommand(file, result.code, result.stderr)) throw commandNotFound(file, where)
  return result
}

interface ChannelInternals {
  outgoing?: { id?: unknown; state?: unknown }
  _client?: { _protocol?: { signal?: unknown } }
}

/**
 * Sends an SSH "signal" request (OpenSSH 7.9+ kills the session's process group with it).
 * ssh2's `channel.signal()` silently does nothing once stdin was closed (EOF sent), which is the
 * normal state of a command run with exec(); the protocol allows the request after EOF, so it goes
 * through ssh2's protocol object directly (private API, checked at run time; falls back to the
 * public method).
 */
function sendSignal(channel: ClientChannel, name: string): void {
  const internals = channel as unknown as ChannelInternals
  const outgoing = internals.outgoing
  const protocol = internals._client?._protocol
  try {
    const usable = outgoing?.state === 'open' || outgoing?.state === 'eof'
    if (
      usable &&
      typeof outgoing?.id === 'number' &&
      protocol !== undefined &&
      typeof protocol.signal === 'function'
    ) {
      ;(protocol.signal as (id: number, signal: string) => void).call(protocol, outgoing.id, name)
    } else {
      channel.signal(name)
    }
  } catch {
    // The channel is already closing.
  }
}
