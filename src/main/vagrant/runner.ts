import { AppError } from '@shared/errors.js'
import type { Host, HostProcess } from '../host/host.js'
import type { OutputLine } from './machine-readable.js'
import { LineSplitter, parseLine } from './machine-readable.js'

/**
 * Runs `vagrant …` on a host as the leader of its own process group, so that a cancel reaches
 * Vagrant and everything it started (docker, ssh, rsync, qemu-img…), and nothing is left behind.
 * The project folder travels as VAGRANT_CWD, never through a shell; the one shell used is a
 * constant script that prints its process id (the group id) and execs Vagrant with the arguments.
 */
const LAUNCH = 'echo "virtdeck-pgid:$$"; exec "$@"'
const PGID_LINE = /^virtdeck-pgid:(\d+)$/

export interface VagrantRunOptions {
  /** The project folder (holding the Vagrantfile). */
  cwd: string
  /** Vagrant's arguments; `--machine-readable` is put first. */
  args: readonly string[]
  env?: Record<string, string>
  signal?: AbortSignal
  /** Every output line as soon as it arrives (stdout records and text, stderr as text). */
  onLine?: (line: OutputLine, stream: 'stdout' | 'stderr') => void
  /** Vagrant runs, as the leader of this process group on the host. */
  onStart?: (pgid: number) => void
  /** The project's machine names, to read targets Vagrant does not escape. */
  targets?: readonly string[]
  /** After Ctrl-C (SIGINT), how long Vagrant gets to clean up before SIGTERM, then SIGKILL. */
  graceMs?: number
  vagrant?: string
}

export interface VagrantRunOutcome {
  code: number | null
  signal: string | null
  lines: OutputLine[]
  stderr: string
  cancelled: boolean
  /** The process group id on the host. */
  pgid: number | undefined
  durationMs: number
}

function ended(
  stream: NodeJS.ReadableStream & { readableEnded?: boolean; destroyed?: boolean },
): Promise<void> {
  if (stream.readableEnded === true || stream.destroyed === true) return Promise.resolve()
  return new Promise((resolve) => {
    stream.once('end', () => resolve())
    stream.once('close', () => resolve())
    stream.once('error', () => resolve())
  })
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Whether any process of the group is still alive (`kill -s 0 -- -PGID`). Over SSH `kill` is the
 * builtin of the remote `sh` (dash on Debian/Ubuntu), which rejects `kill -0 -- -PGID` ("Illegal
 * number: -", exit 2): only the POSIX `-s 0` form reads the same in dash, bash, busybox and procps.
 */
export async function groupAlive(host: Host, pgid: number): Promise<boolean> {
  const r = await host.exec('kill', ['-s', '0', '--', `-${pgid}`], { timeoutMs: 10_000 })
  return r.code === 0
}

async function signalGroup(host: Host, pgid: number, signal: 'INT' | 'TERM' | 'KILL'): Promise<void> {
  await host.exec('kill', ['-s', signal, '--', `-${pgid}`], { timeoutMs: 10_000 }).catch(() => undefined)
}

/** Ctrl-C first (Vagrant cleans up), then SIGTERM, then SIGKILL; resolves when the group is gone. */
async function stopGroup(host: Host, pgid: number, graceMs: number): Promise<void> {
  const steps: ['INT' | 'TERM' | 'KILL', number][] = [
    ['INT', graceMs],
    ['TERM', 3000],
    ['KILL', 3000],
  ]
  for (const [signal, waitMs] of steps) {
    await signalGroup(host, pgid, signal)
    const deadline = Date.now() + waitMs
    while (Date.now() < deadline) {
      if (!(await groupAlive(host, pgid))) return
      await sleep(100)
    }
  }
}

export async function runVagrant(host: Host, options: VagrantRunOptions): Promise<VagrantRunOutcome> {
  const started = Date.now()
  if (options.signal?.aborted) throw new AppError('CANCELLED', 'Cancelled before Vagrant started')
  let proc: HostProcess
  try {
    proc = await host.spawn(
      'setsid',
      [
        '-w',
        'sh',
        '-c',
        LAUNCH,
        'sh',
        options.vagrant ?? 'vagrant',
        // First: Vagrant takes it from anywhere, and after a `--` the command would read it as a machine name.
        '--machine-readable',
        ...options.args,
      ],
      { env: { VAGRANT_CWD: options.cwd, ...options.env } },
    )
  } catch (error) {
    if (error instanceof AppError && error.code === 'COMMAND_NOT_FOUND')
      throw new AppError('COMMAND_NOT_FOUND', 'setsid is missing on this host', {
        detail: 'It comes with util-linux (Debian/Ubuntu: apt install util-linux).',
      })
    throw error
  }
  const lines: OutputLine[] = []
  const stderr: Buffer[] = []
  let pgid: number | undefined
  let resolvePgid: (id: number | undefined) => void = () => undefined
  const pgidKnown = new Promise<number | undefined>((resolve) => (resolvePgid = resolve))
  const emit = (line: OutputLine, stream: 'stdout' | 'stderr'): void => {
    lines.push(line)
    options.onLine?.(line, stream)
  }
  const out = new LineSplitter()
  const onStdout = (text: string): void => {
    if (pgid === undefined) {
      const m = PGID_LINE.exec(text)
      if (m !== null) {
        pgid = Number(m[1])
        resolvePgid(pgid)
        options.onStart?.(pgid)
        return
      }
    }
    emit(parseLine(text, options.targets), 'stdout')
  }
  proc.stdout.on('data', (chunk: Buffer) => out.push(chunk).forEach(onStdout))
  proc.stdout.on('end', () => out.end().forEach(onStdout))
  const err = new LineSplitter()
  proc.stderr.on('data', (chunk: Buffer) => {
    stderr.push(chunk)
    for (const text of err.push(chunk)) emit({ kind: 'text', text }, 'stderr')
  })
  proc.stderr.on('end', () => err.end().forEach((text) => emit({ kind: 'text', text }, 'stderr')))
  proc.stdin.on('error', () => undefined)
  proc.stdin.end()

  let cancelled = false
  let stopping: Promise<void> | undefined
  const onAbort = (): void => {
    cancelled = true
    stopping = pgidKnown.then((id) =>
      id === undefined ? proc.kill() : stopGroup(host, id, options.graceMs ?? 10_000),
    )
  }
  if (options.signal !== undefined) options.signal.addEventListener('abort', onAbort, { once: true })
  void proc.exited.then(() => resolvePgid(pgid))
  const [exit] = await Promise.all([proc.exited, ended(proc.stdout), ended(proc.stderr)])
  options.signal?.removeEventListener('abort', onAbort)
  await stopping
  // Vagrant gone after a cancel, but a child it started (a hung `docker`, `ssh`) still in the group: stop it too.
  if (cancelled && pgid !== undefined && (await groupAlive(host, pgid))) await stopGroup(host, pgid, 0)
  return {
    code: exit.code,
    signal: exit.signal,
    lines,
    stderr: Buffer.concat(stderr).toString('utf8'),
    cancelled,
    pgid,
    durationMs: Date.now() - started,
  }
}
