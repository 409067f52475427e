import type { Readable } from 'node:stream'
import { AppError } from '@shared/errors.js'
import type { ExecResult, HostProcess } from './host.js'

export const DEFAULT_TIMEOUT_MS = 60_000
/** Past this much output a command is stopped: nothing VirtDeck runs should print that much. */
export const MAX_OUTPUT_BYTES = 64 * 1024 * 1024

export interface CollectOptions {
  /** The command as shown in messages, e.g. `virsh list --all`. */
  label: string
  /** Where it runs, e.g. `this computer` or `server1`. */
  where: string
  timeoutMs?: number
  /** The timeout named in the TIMEOUT message when `timeoutMs` is what is left of a longer one. */
  reportedTimeoutMs?: number
  signal?: AbortSignal
  /** Written to stdin, which is then closed. Ignored when `keepStdinOpen` is set. */
  input?: string | Buffer
  /** The caller writes stdin itself (sudo's password, then the input). */
  keepStdinOpen?: boolean
  maxOutputBytes?: number
  onStderr?: (chunk: Buffer) => void
}

/** Lets a caller that drives the process (sudo) stop the clock while a person types, or fail the run. */
export interface RunControl {
  pauseTimeout(): void
  resumeTimeout(): void
  /** Kills the process and rejects the run with this error (no effect once settled). */
  fail(error: AppError): void
  readonly settled: boolean
}

export interface Run {
  result: Promise<ExecResult>
  control: RunControl
}

/** Runs a started process to its end: output as UTF-8, timeout, cancellation, output cap. */
export function collect(proc: HostProcess, options: CollectOptions): Run {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const maxBytes = options.maxOutputBytes ?? MAX_OUTPUT_BYTES
  const stdout: Buffer[] = []
  const stderr: Buffer[] = []
  let outputBytes = 0
  let settled = false
  let timer: NodeJS.Timeout | undefined
  let remaining = timeoutMs
  let startedAt = Date.now()
  let paused = false
  let rejectRun: (error: AppError) => void = () => undefined

  const clearTimer = (): void => {
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
  }
  const startTimer = (): void => {
    startedAt = Date.now()
    timer = setTimeout(() => {
      control.fail(
        new AppError(
          'TIMEOUT',
          `\`${options.label}\` did not finish within ${formatDuration(options.reportedTimeoutMs ?? timeoutMs)} on ${options.where}`,
          {
            detail:
              'The command was stopped. It may be waiting for something (a lock, the network, a prompt).',
          },
        ),
      )
    }, remaining)
  }
  const onAbort = (): void => control.fail(new AppError('CANCELLED', `\`${options.label}\` was cancelled`))

  const control: RunControl = {
    get settled() {
      return settled
    },
    pauseTimeout() {
      if (paused || settled) return
      paused = true
      clearTimer()
      remaining = Math.max(0, remaining - (Date.now() - startedAt))
    },
    resumeTimeout() {
      if (!paused || settled) return
      paused = false
      startTimer()
    },
    fail(error) {
      if (settled) return
      settled = true
      cleanup()
      proc.kill()
      rejectRun(error)
    },
  }

  const cleanup = (): void => {
    clearTimer()
    options.signal?.removeEventListener('abort', onAbort)
  }

  const take = (into: Buffer[], chunk: Buffer): boolean => {
    outputBytes += chunk.length
    if (outputBytes > maxBytes) {
      control.fail(
        new AppError(
          'COMMAND_FAILED',
          `\`${options.label}\` printed more than ${maxBytes / 1024 / 1024} MiB and was stopped`,
        ),
      )
      return false
    }
    into.push(chunk)
    return true
  }

  const result = new Promise<ExecResult>((resolve, reject) => {
    rejectRun = reject
    proc.stdout.on('data', (chunk: Buffer) => {
      if (!settled) take(stdout, chunk)
    })
    proc.stderr.on('data', (chunk: Buffer) => {
      if (settled) return
      if (take(stderr, chunk)) options.onStderr?.(chunk)
    })
    // A command that exits before reading its input closes the pipe: that is not our failure.
    proc.stdin.on('error', () => undefined)
    if (!options.keepStdinOpen) {
      if (options.input === undefined) proc.stdin.end()
      else proc.stdin.end(options.input)
    }
    void Promise.all([proc.exited, streamDone(proc.stdout), streamDone(proc.stderr)]).then(([exit]) => {
      if (settled) return
      settled = true
      cleanup()
      resolve({
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        code: exit.code,
      })
    })
  })

  if (options.signal?.aborted) onAbort()
  else {
    options.signal?.addEventListener('abort', onAbort, { once: true })
    startTimer()
  }
  return { result, control }
}

function streamDone(stream: Readable): Promise<void> {
  if (stream.readableEnded || stream.destroyed) return Promise.resolve()
  return new Promise((resolve) => {
    const done = (): void => resolve()
    stream.once('end', done)
    stream.once('close', done)
    stream.once('error', done)
  })
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`
  const seconds = ms / 1000
  return Number.isInteger(seconds) ? `${seconds} s` : `${seconds.toFixed(1)} s`
}
