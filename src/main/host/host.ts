import type { Duplex, Readable, Writable } from 'node:stream'
import type { HostConnectionState } from '@shared/hosts.js'

export interface ExecOptions {
  /** Written to the command's standard input, then closed. */
  input?: string | Buffer
  /** Kill the command and reject with TIMEOUT after this long. Default: 60 s. */
  timeoutMs?: number
  /** Cancel: kills the command and rejects with CANCELLED. */
  signal?: AbortSignal
  /** Extra environment variables (locally merged into the current environment; over SSH sent with `env`). */
  env?: Record<string, string>
}

export interface ExecResult {
  stdout: string
  stderr: string
  /** Exit code; null when killed by a signal. */
  code: number | null
}

export interface SpawnOptions {
  env?: Record<string, string>
  signal?: AbortSignal
}

/** A running command with streams, for long-lived processes (`virsh event --loop`, `vagrant up`). */
export interface HostProcess {
  readonly stdin: Writable
  readonly stdout: Readable
  readonly stderr: Readable
  /** Resolves when the process ends, never rejects. */
  readonly exited: Promise<{ code: number | null; signal: string | null }>
  kill(): void
}

export interface ChannelOptions {
  /** Give up after this long. Default: 15 s. */
  timeoutMs?: number
  signal?: AbortSignal
}

export interface PrivilegedOptions extends ExecOptions {
  /** Why root is needed, in the user's words; shown with the password prompt. */
  reason: string
  /**
   * Never ask for a password (`sudo -n`): for reads that only feed a summary (an Overview's counts).
   * When sudo would need one, rejects with PERMISSION_DENIED (data `needsPassword: true`) and runs nothing.
   */
  nonInteractive?: boolean
}

/**
 * The one way to touch a machine. Every command is a file and an argument array: never a shell
 * string built from input. SshHost quotes each argument for the remote shell.
 */
export interface Host {
  readonly id: string
  readonly kind: 'local' | 'ssh'
  /** Runs a command to its end. Resolves whatever the exit code; rejects when it cannot run (COMMAND_NOT_FOUND, HOST_UNREACHABLE, TIMEOUT, CANCELLED). */
  exec(file: string, args: readonly string[], options?: ExecOptions): Promise<ExecResult>
  spawn(file: string, args: readonly string[], options?: SpawnOptions): Promise<HostProcess>
  readFile(path: string): Promise<Buffer>
  writeFile(path: string, data: string | Buffer, options?: { mode?: number }): Promise<void>
  /**
   * Runs a command as root: directly when already root, else `sudo -S` (locally and over SSH) with the
   * password asked through the prompter — or `sudo -n` without asking when `nonInteractive`.
   */
  privileged(file: string, args: readonly string[], options: PrivilegedOptions): Promise<ExecResult>
  /**
   * A byte stream to a UNIX socket on the machine (`/var/run/docker.sock`): node:net locally, a
   * stream-local forward on the existing SSH connection remotely (no new login). Rejects with
   * NOT_FOUND, PERMISSION_DENIED or HOST_UNREACHABLE.
   */
  openSocket(path: string, options?: ChannelOptions): Promise<Duplex>
  /** A byte stream to a TCP port as seen from the machine (`127.0.0.1:5900`): direct-tcpip over SSH. */
  openTcp(host: string, port: number, options?: ChannelOptions): Promise<Duplex>
  state(): HostConnectionState
  onStateChange(listener: (state: HostConnectionState) => void): () => void
  close(): Promise<void>
}

/** Asks the user for a password (sudo, key passphrase). Resolves null when the user cancels. */
export type PasswordPrompter = (request: {
  hostId: string
  kind: 'sudo' | 'passphrase' | 'password'
  prompt: string
  reason: string
}) => Promise<string | null>
