import { execFile, spawn as spawnChild } from 'node:child_process'
import { constants } from 'node:fs'
import { access, chmod, mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join } from 'node:path'
import type {
  ExecOptions,
  ExecResult,
  Host,
  HostProcess,
  PrivilegedOptions,
  SpawnOptions,
} from '../../src/main/host/host.js'
import type { Duplex } from 'node:stream'
import { openLocal } from '../../src/main/host/channels.js'
import type { HostConnectionState } from '@shared/hosts.js'
import { AppError } from '@shared/errors.js'

/**
 * A TEMP-ROOT host: a Host whose "/" is a temporary folder. It stands for a whole machine in the
 * enable/undo tests without touching this machine's /etc.
 *
 * - readFile/writeFile map absolute paths under the root.
 * - exec/privileged run real commands (child_process, argument arrays) with a PATH made of two
 *   folders only: `stand-ins/` (scripts named like the real tools that do not exist here, such as
 *   update-grub; each records its arguments) and `tools/` (links to the real coreutils etc. the
 *   code under test uses). So nothing of this machine's boot setup (bootctl, grub) leaks in.
 * - For file tools (cp, tee, rm, mkdir, chmod, cat, ls, test, cmp), absolute path arguments are mapped
 *   under the root; other commands get their arguments unchanged (stand-ins see /boot/grub/grub.cfg
 *   as the code wrote it, and find the root in $VIRTDECK_TEST_ROOT).
 * - privileged() does not escalate (tests run as whoever runs them); it records each call.
 */

const FILE_TOOLS = new Set(['cp', 'tee', 'rm', 'mkdir', 'chmod', 'cat', 'ls', 'test', 'cmp', 'stat'])
export const DEFAULT_TOOLS = [
  'sh',
  'cp',
  'tee',
  'rm',
  'mkdir',
  'chmod',
  'cat',
  'ls',
  'test',
  'cmp',
  'stat',
  'grep',
  'printf',
  'basename',
  'tr',
  'virsh',
]

export interface RecordedCall {
  file: string
  args: string[]
  reason?: string
}

export interface StandInCall {
  name: string
  args: string[]
}

function which(name: string): Promise<string | null> {
  const dirs = (process.env['PATH'] ?? '/usr/bin:/bin').split(delimiter)
  return (async () => {
    for (const dir of dirs) {
      const candidate = join(dir, name)
      try {
        await access(candidate, constants.X_OK)
        return candidate
      } catch {
        // keep looking
      }
    }
    return null
  })()
}

export class TempRootHost implements Host {
  readonly kind = 'local' as const
  readonly privilegedCalls: RecordedCall[] = []
  readonly execCalls: RecordedCall[] = []
  /** Make the next privileged calls of a given command fail (to test rollback). */
  readonly failPrivileged = new Map<string, { code: number; stderr: string }>()

  private constructor(
    readonly id: string,
    /** Folder that holds root/, stand-ins/, tools/ and the stand-in log. */
    readonly base: string,
  ) {}

  /** The folder standing for "/". */
  get root(): string {
    return join(this.base, 'root')
  }
  get standInDir(): string {
    return join(this.base, 'stand-ins')
  }
  get toolsDir(): string {
    return join(this.base, 'tools')
  }
  get standInLog(): string {
    return join(this.base, 'stand-ins.log')
  }

  static async create(options: { id?: string; tools?: readonly string[] } = {}): Promise<TempRootHost> {
    const base = await realpath(await mkdtemp(join(tmpdir(), 'virtdeck-temp-root-')))
    const host = new TempRootHost(options.id ?? 'temp-root', base)
    await mkdir(host.root, { recursive: true })
    await mkdir(host.standInDir, { recursive: true })
    await mkdir(host.toolsDir, { recursive: true })
    await writeFile(host.standInLog, '')
    for (const tool of options.tools ?? DEFAULT_TOOLS) {
      const real = await which(tool)
      if (real !== null) await symlink(real, join(host.toolsDir, tool))
    }
    return host
  }

  /** "/etc/default/grub" → "<root>/etc/default/grub". */
  mapPath(path: string): string {
    if (!path.startsWith('/')) throw new Error(`TempRootHost needs absolute paths, got ${path}`)
    const mapped = join(this.root, path)
    if (mapped !== this.root && !mapped.startsWith(`${this.root}/`))
      throw new Error(`${path} leaves the temp root`)
    return mapped
  }

  /** Writes a file of the fake machine (creating folders). */
  async put(path: string, content: string | Buffer): Promise<void> {
    const real = this.mapPath(path)
    await mkdir(dirname(real), { recursive: true })
    await writeFile(real, content)
  }

  async get(path: string): Promise<string> {
    return readFile(this.mapPath(path), 'utf8')
  }

  /**
   * Adds a stand-in command named `name`: a /bin/sh script that appends its name and arguments
   * (tab-separated) to the stand-in log, then runs `body` (which sees $VIRTDECK_TEST_ROOT).
   */
  async addStandIn(name: string, body = 'exit 0'): Promise<void> {
    const script = [
      '#!/bin/sh',
      `{ printf '%s' ${JSON.stringify(name)}; for a in "$@"; do printf '\\t%s' "$a"; done; printf '\\n'; } >> "$VIRTDECK_STAND_IN_LOG"`,
      body,
      '',
    ].join('\n')
    const path = join(this.standInDir, name)
    await writeFile(path, script)
    await chmod(path, 0o755)
  }

  async standInCalls(): Promise<StandInCall[]> {
    const text = await readFile(this.standInLog, 'utf8')
    return text
      .split('\n')
      .filter((l) => l !== '')
      .map((line) => {
        const [name = '', ...args] = line.split('\t')
        return { name, args }
      })
  }

  private env(extra: Record<string, string> | undefined): Record<string, string> {
    return {
      PATH: `${this.standInDir}${delimiter}${this.toolsDir}`,
      LC_ALL: 'C',
      HOME: this.base,
      VIRTDECK_TEST_ROOT: this.root,
      VIRTDECK_STAND_IN_LOG: this.standInLog,
      ...extra,
    }
  }

  private async resolve(file: string): Promise<string> {
    if (file.includes('/')) return file
    for (const dir of [this.standInDir, this.toolsDir]) {
      const candidate = join(dir, file)
      try {
        await access(candidate, constants.X_OK)
        return candidate
      } catch {
        // next
      }
    }
    throw new AppError('COMMAND_NOT_FOUND', `${file}: command not found on the temp-root host`)
  }

  private mapArgs(file: string, args: readonly string[]): string[] {
    if (!FILE_TOOLS.has(file)) return [...args]
    return args.map((a) => (a.startsWith('/') && !a.startsWith('/dev/') ? this.mapPath(a) : a))
  }

  async exec(file: string, args: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    this.execCalls.push({ file, args: [...args] })
    return this.run(file, args, options)
  }

  async privileged(file: string, args: readonly string[], options: PrivilegedOptions): Promise<ExecResult> {
    this.privilegedCalls.push({ file, args: [...args], reason: options.reason })
    const failure = this.failPrivileged.get(file)
    if (failure) return { stdout: '', stderr: failure.stderr, code: failure.code }
    return this.run(file, args, options)
  }

  private async run(file: string, args: readonly string[], options: ExecOptions): Promise<ExecResult> {
    const command = await this.resolve(file)
    return new Promise((resolve, reject) => {
      const child = execFile(
        command,
        this.mapArgs(file, args),
        {
          env: this.env(options.env),
          timeout: options.timeoutMs ?? 60_000,
          maxBuffer: 16 * 1024 * 1024,
          ...(options.signal ? { signal: options.signal } : {}),
        },
        (error, stdout, stderr) => {
          if (error && typeof error.code !== 'number') {
            if (error.name === 'AbortError') reject(new AppError('CANCELLED', `${file} was cancelled`))
            else if (error.killed) reject(new AppError('TIMEOUT', `${file} timed out`))
            else if (error.code === 'ENOENT')
              reject(new AppError('COMMAND_NOT_FOUND', `${file}: ${error.message}`))
            else resolve({ stdout, stderr, code: null })
            return
          }
          resolve({ stdout, stderr, code: error ? (typeof error.code === 'number' ? error.code : null) : 0 })
        },
      )
      // A command may exit without reading its input: that EPIPE is not an error of the command.
      child.stdin?.on('error', () => undefined)
      if (options.input === undefined) child.stdin?.end()
      else child.stdin?.end(options.input)
    })
  }

  async spawn(file: string, args: readonly string[], options: SpawnOptions = {}): Promise<HostProcess> {
    const command = await this.resolve(file)
    const child = spawnChild(command, this.mapArgs(file, args), {
      env: this.env(options.env),
      ...(options.signal ? { signal: options.signal } : {}),
    })
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
      child.on('close', (code, signal) => resolve({ code, signal }))
      child.on('error', () => resolve({ code: null, signal: null }))
    })
    return {
      stdin: child.stdin,
      stdout: child.stdout,
      stderr: child.stderr,
      exited,
      kill: () => child.kill(),
    }
  }

  async readFile(path: string): Promise<Buffer> {
    try {
      return await readFile(this.mapPath(path))
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'ENOENT' || code === 'ENOTDIR') throw new AppError('NOT_FOUND', `${path} does not exist`)
      if (code === 'EACCES') throw new AppError('PERMISSION_DENIED', `${path}: permission denied`)
      throw error
    }
  }

  async writeFile(path: string, data: string | Buffer, options: { mode?: number } = {}): Promise<void> {
    await mkdir(dirname(this.mapPath(path)), { recursive: true })
    await writeFile(this.mapPath(path), data, options.mode === undefined ? {} : { mode: options.mode })
  }

  /** Sockets and ports of this machine, as LocalHost opens them. */
  openSocket(path: string): Promise<Duplex> {
    return openLocal({ kind: 'socket', path }, 'this computer', {})
  }

  openTcp(host: string, port: number): Promise<Duplex> {
    return openLocal({ kind: 'tcp', host, port }, 'this computer', {})
  }

  state(): HostConnectionState {
    return { status: 'connected' }
  }

  onStateChange(): () => void {
    return () => undefined
  }

  async close(): Promise<void> {}

  /** Removes the whole temp folder. */
  async dispose(): Promise<void> {
    await rm(this.base, { recursive: true, force: true })
  }
}
