import type { Duplex } from 'node:stream'
import type { HostConnectionState } from '@shared/hosts.js'
import { CHANNEL_TIMEOUT_MS, checkTarget, openForward, type ChannelTarget } from './channels.js'
import type {
  ChannelOptions,
  ExecOptions,
  ExecResult,
  Host,
  HostProcess,
  PrivilegedOptions,
  SpawnOptions,
} from './host.js'
import { DEFAULT_TIMEOUT_MS } from './run-process.js'
import { describeCommand } from './shell-quote.js'
import { SshConnection } from './ssh-connection.js'
import { openChannelProcess, sshExec } from './ssh-exec.js'
import { SshFiles } from './ssh-files.js'
import type { SshHostOptions } from './ssh-options.js'
import { runWithSudo } from './sudo.js'

export type { HostKeyVerdict, ReconnectPolicy, SshAuth, SshHostOptions } from './ssh-options.js'

/**
 * A machine reached over SSH (ssh2): one connection, many channels. Commands are argument arrays
 * quoted for the remote shell; files go over SFTP; root through `sudo -S` with the password asked
 * through the prompter.
 */
export class SshHost implements Host {
  readonly id: string
  readonly kind = 'ssh' as const
  private readonly connection: SshConnection
  private readonly files: SshFiles
  /** The host as named in messages. */
  private readonly where: string

  constructor(private readonly options: SshHostOptions) {
    this.id = options.id
    this.connection = new SshConnection(options)
    this.where = options.hostname
    this.files = new SshFiles(this.connection, this.where, options.username)
  }

  /** Connects now; rejects with HOST_KEY_UNKNOWN (data: the key), HOST_KEY_CHANGED, AUTH_FAILED or HOST_UNREACHABLE. */
  connect(): Promise<void> {
    return this.connection.connect()
  }

  exec(file: string, args: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    return sshExec(this.connection, this.where, file, args, options)
  }

  /** A long-lived remote command. It holds one of the connection's channels until it ends. */
  async spawn(file: string, args: readonly string[], options: SpawnOptions = {}): Promise<HostProcess> {
    const label = describeCommand(file, args)
    const proc = await openChannelProcess(this.connection, this.where, {
      file,
      args,
      label,
      deadline: Date.now() + DEFAULT_TIMEOUT_MS,
      ...(options.env === undefined ? {} : { env: options.env }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    })
    if (options.signal !== undefined) {
      const signal = options.signal
      const onAbort = (): void => proc.kill()
      if (signal.aborted) onAbort()
      else {
        signal.addEventListener('abort', onAbort, { once: true })
        void proc.exited.then(() => signal.removeEventListener('abort', onAbort))
      }
    }
    return proc
  }

  readFile(path: string): Promise<Buffer> {
    return this.files.readFile(path)
  }

  writeFile(path: string, data: string | Buffer, options: { mode?: number } = {}): Promise<void> {
    return this.files.writeFile(path, data, options)
  }

  /** A stream-local forward on this host's one SSH connection (no channel slot of MaxSessions). */
  openSocket(path: string, options: ChannelOptions = {}): Promise<Duplex> {
    return this.openChannel({ kind: 'socket', path }, options)
  }

  /** A direct-tcpip forward on this host's one SSH connection; `host` is resolved by the remote. */
  openTcp(host: string, port: number, options: ChannelOptions = {}): Promise<Duplex> {
    return this.openChannel({ kind: 'tcp', host, port }, options)
  }

  private async openChannel(target: ChannelTarget, options: ChannelOptions): Promise<Duplex> {
    checkTarget(target)
    const started = Date.now()
    const timeoutMs = options.timeoutMs ?? CHANNEL_TIMEOUT_MS
    const client = await this.connection.ready(started + timeoutMs, options.signal)
    return openForward(client, target, this.where, {
      timeoutMs: Math.max(1, timeoutMs - (Date.now() - started)),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    })
  }

  async privileged(file: string, args: readonly string[], options: PrivilegedOptions): Promise<ExecResult> {
    if (this.options.username === 'root') return this.exec(file, args, options)
    return runWithSudo(
      {
        hostId: this.id,
        where: this.where,
        user: this.options.username,
        prompter: this.options.prompter,
        start: (f, a) =>
          openChannelProcess(this.connection, this.where, {
            file: f,
            args: a,
            label: `sudo ${describeCommand(file, args)}`,
            deadline: Date.now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
            ...(options.signal === undefined ? {} : { signal: options.signal }),
          }),
      },
      file,
      args,
      options,
    )
  }

  state(): HostConnectionState {
    return this.connection.state()
  }

  onStateChange(listener: (state: HostConnectionState) => void): () => void {
    return this.connection.onStateChange(listener)
  }

  close(): Promise<void> {
    return this.connection.close()
  }
}
