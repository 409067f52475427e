import { spawn as spawnChild } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { chmod, chown, open, readFile, rename, stat, unlink } from 'node:fs/promises'
import { userInfo } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { AppError } from '@shared/errors.js'
import type { HostConnectionState } from '@shared/hosts.js'
import type { Duplex } from 'node:stream'
import { openLocal } from './channels.js'
import type {
  ChannelOptions,
  ExecOptions,
  ExecResult,
  Host,
  HostProcess,
  PasswordPrompter,
  PrivilegedOptions,
  SpawnOptions,
} from './host.js'
import { commandNotFound } from './missing-command.js'
import { collect } from './run-process.js'
import { describeCommand } from './shell-quote.js'
import { runWithSudo } from './sudo.js'

const WHERE = 'this computer'
/** After SIGTERM, how long a process gets before SIGKILL. */
const KILL_GRACE_MS = 3000

export interface LocalHostOptions {
  id?: string
  /** Asks for the sudo password when VirtDeck does not run as root. */
  prompter?: PasswordPrompter
}

/** This computer: child processes with argument arrays (never a shell), files through fs. */
export class LocalHost implements Host {
  readonly id: string
  readonly kind = 'local' as const
  private readonly prompter: PasswordPrompter | undefined

  constructor(options: LocalHostOptions = {}) {
    this.id = options.id ?? 'local'
    this.prompter = options.prompter
  }

  async exec(file: string, args: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    const label = describeCommand(file, args)
    if (options.signal?.aborted) throw new AppError('CANCELLED', `\`${label}\` was cancelled`)
    const proc = await startProcess(file, args, options.env)
    return collect(proc, {
      label,
      where: WHERE,
      ...(options.input === undefined ? {} : { input: options.input }),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    }).result
  }

  async spawn(file: string, args: readonly string[], options: SpawnOptions = {}): Promise<HostProcess> {
    if (options.signal?.aborted)
      throw new AppError('CANCELLED', `\`${describeCommand(file, args)}\` was cancelled`)
    const proc = await startProcess(file, args, options.env)
    if (options.signal !== undefined) {
      const signal = options.signal
      const onAbort = (): void => proc.kill()
      signal.addEventListener('abort', onAbort, { once: true })
      void proc.exited.then(() => signal.removeEventListener('abort', onAbort))
    }
    return proc
  }

  async readFile(path: string): Promise<Buffer> {
    try {
      return await readFile(path)
    } catch (error) {
      throw fileError(error, path, 'read')
    }
  }

  /** Atomic: a temp file beside the target, then rename. Keeps the old file's mode (and owner, as root) unless a mode is given. */
  async writeFile(path: string, data: string | Buffer, options: { mode?: number } = {}): Promise<void> {
    let previous: { mode: number; uid: number; gid: number } | undefined
    try {
      const info = await stat(path)
      previous = { mode: info.mode & 0o7777, uid: info.uid, gid: info.gid }
    } catch (error) {
      if (!hasCode(error, 'ENOENT')) throw fileError(error, path, 'write')
    }
    const mode = options.mode ?? previous?.mode ?? 0o644
    const temp = join(dirname(path), `.${basename(path)}.virtdeck-${randomBytes(6).toString('hex')}.tmp`)
    try {
      const handle = await open(temp, 'wx', 0o600)
      try {
        await handle.writeFile(data)
        await handle.sync()
      } finally {
        await handle.close()
      }
      if (previous !== undefined && process.getuid?.() === 0) await chown(temp, previous.uid, previous.gid)
      await chmod(temp, mode)
      await rename(temp, path)
    } catch (error) {
      await unlink(temp).catch(() => undefined)
      throw fileError(error, path, 'write')
    }
  }

  openSocket(path: string, options: ChannelOptions = {}): Promise<Duplex> {
    return openLocal({ kind: 'socket', path }, WHERE, options)
  }

  openTcp(host: string, port: number, options: ChannelOptions = {}): Promise<Duplex> {
    return openLocal({ kind: 'tcp', host, port }, WHERE, options)
  }

  async privileged(file: string, args: readonly string[], options: PrivilegedOptions): Promise<ExecResult> {
    if (process.getuid?.() === 0) return this.exec(file, args, options)
    return runWithSudo(
      {
        hostId: this.id,
        where: WHERE,
        user: userInfo().username,
        prompter: this.prompter,
        start: (f, a) => startProcess(f, a, undefined),
      },
      file,
      args,
      options,
    )
  }

  state(): HostConnectionState {
    return { status: 'connected' }
  }

  onStateChange(_listener: (state: HostConnectionState) => void): () => void {
    return () => undefined
  }

  async close(): Promise<void> {}
}

/** Spawns without a shell; resolves once the program runs, rejects COMMAND_NOT_FOUND when it does not exist. */
function startProcess(
  file: string,
  args: readonly string[],
  env: Record<string, string> | undefined,
): Promise<HostProcess> {
  return new Promise((resolve, reject) => {
    const child = spawnChild(file, [...args], {
      env: env === undefined ? process.env : { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
      shell: false,
      windowsHide: true,
    })
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolveExit) => {
      // 'exit', not 'close': the process has ended even if nobody read all of its output.
      child.once('exit', (code, signal) => resolveExit({ code, signal }))
    })
    let killTimer: NodeJS.Timeout | undefined
    void exited.then(() => clearTimeout(killTimer))
    const proc: HostProcess = {
      stdin: child.stdin,
      stdout: child.stdout,
      stderr: child.stderr,
      exited,
      kill() {
        if (child.exitCode !== null || child.signalCode !== null) return
        child.kill('SIGTERM')
        killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS)
        killTimer.unref()
      },
    }
    // Writing to a process that already exited (EPIPE) must not crash the app.
    child.stdin.on('error', () => undefined)
    child.once('spawn', () => resolve(proc))
    child.once('error', (error) => {
      if (hasCode(error, 'ENOENT')) reject(commandNotFound(file, WHERE, error))
      else if (hasCode(error, 'EACCES'))
        reject(
          new AppError('PERMISSION_DENIED', `${file} cannot be run on ${WHERE}: permission denied`, {
            cause: error,
          }),
        )
      else
        reject(
          new AppError('COMMAND_FAILED', `${file} could not be started on ${WHERE}: ${error.message}`, {
            cause: error,
          }),
        )
    })
  })
}

function hasCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === code
}

function fileError(error: unknown, path: string, action: 'read' | 'write'): AppError {
  if (error instanceof AppError) return error
  if (hasCode(error, 'ENOENT')) {
    return new AppError(
      'NOT_FOUND',
      action === 'read'
        ? `There is no file ${path} on ${WHERE}`
        : `The folder of ${path} does not exist on ${WHERE}`,
      { cause: error },
    )
  }
  if (hasCode(error, 'EACCES') || hasCode(error, 'EPERM') || hasCode(error, 'EROFS')) {
    return new AppError('PERMISSION_DENIED', `No permission to ${action} ${path} on ${WHERE}`, {
      cause: error,
    })
  }
  if (hasCode(error, 'EISDIR'))
    return new AppError('INVALID_INPUT', `${path} is a folder, not a file`, { cause: error })
  const message = error instanceof Error ? error.message : String(error)
  return new AppError('COMMAND_FAILED', `Could not ${action} ${path} on ${WHERE}: ${message}`, {
    cause: error,
  })
}
