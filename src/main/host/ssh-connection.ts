import { createConnection } from 'node:net'
import type { Client, SFTPWrapper } from 'ssh2'
import { AppError } from '@shared/errors.js'
import type { HostConnectionState } from '@shared/hosts.js'
import { createLogger } from '../log.js'
import { formatAddress } from './host-key.js'
import { formatDuration } from './run-process.js'
import { Semaphore } from './semaphore.js'
import { isPermanentFailure, openClient } from './ssh-connect.js'
import {
  DEFAULT_RECONNECT,
  MAX_EXEC_CHANNELS,
  type ReconnectPolicy,
  type SshHostOptions,
} from './ssh-options.js'

const log = createLogger('ssh')

/** How often the SSH port is knocked on during a reconnect backoff. */
const PROBE_INTERVAL_MS = 1000

/**
 * One SSH connection to a host, kept alive: explicit or lazy connect, reconnect with backoff after
 * a drop, a bound on concurrent channels, one shared SFTP session. States go to the listeners.
 */
export class SshConnection {
  readonly address: string
  /** Exec channels in use; OpenSSH refuses more than MaxSessions (10) per connection. */
  readonly channels = new Semaphore(MAX_EXEC_CHANNELS)
  private client: Client | undefined
  private current: HostConnectionState = { status: 'disconnected' }
  private readonly listeners = new Set<(state: HostConnectionState) => void>()
  private attemptInFlight: Promise<Client> | undefined
  private reconnectTimer: NodeJS.Timeout | undefined
  private reconnectAttempt = 0
  private lastError: AppError | undefined
  /** Why the last reconnect attempt failed (refused, unreachable): calls fail at once with it until the host answers. */
  private outage: AppError | undefined
  private probeTimer: NodeJS.Timeout | undefined
  private closing = false
  private sftpSession: Promise<SFTPWrapper> | undefined
  private readonly reconnectPolicy: ReconnectPolicy

  constructor(private readonly options: SshHostOptions) {
    this.address = formatAddress(options.hostname, options.port)
    this.reconnectPolicy = options.reconnect ?? DEFAULT_RECONNECT
  }

  state(): HostConnectionState {
    return { ...this.current }
  }

  onStateChange(listener: (state: HostConnectionState) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Connects now (also cutting a reconnect wait short). Rejects with the reason when it cannot. */
  async connect(): Promise<void> {
    this.closing = false
    if (this.client !== undefined) return
    this.cancelReconnect()
    await this.attempt()
  }

  /**
   * The ready client for a call: connects when nobody did yet, waits while reconnecting (until the
   * call's deadline, ms since epoch), rejects when the connection failed for good.
   */
  async ready(deadline: number, signal?: AbortSignal): Promise<Client> {
    if (this.client !== undefined) return this.client
    if (signal?.aborted) throw new AppError('CANCELLED', 'Cancelled')
    // Down, and the last try said why: waiting for the next one (up to 30 s away) would only spin.
    if (this.outage !== undefined && this.reconnectTimer !== undefined) throw this.outageError()
    if (this.attemptInFlight === undefined && this.reconnectTimer === undefined) {
      this.closing = false
      // Its failure reaches us through the state change below.
      this.attempt().catch(() => undefined)
    }
    return this.waitForConnection(deadline, signal)
  }

  /** Why a call fails at once while the host refuses connections, and that VirtDeck keeps trying. */
  private outageError(): AppError {
    const outage = this.outage
    return new AppError(
      'HOST_UNREACHABLE',
      `${outage?.message ?? `Cannot reach ${this.address}`} — reconnecting (attempt ${this.reconnectAttempt}); try again once it is back`,
      { detail: outage?.detail ?? 'VirtDeck keeps trying, and reconnects as soon as the machine answers.' },
    )
  }

  /** The SFTP session, opened once per connection and shared. */
  sftp(deadline: number, signal?: AbortSignal): Promise<SFTPWrapper> {
    if (this.sftpSession !== undefined) return this.sftpSession
    const session = this.ready(deadline, signal).then(
      (client) =>
        new Promise<SFTPWrapper>((resolve, reject) => {
          client.sftp((error, sftp) => {
            if (error !== undefined && error !== null) {
              reject(
                new AppError(
                  'UNSUPPORTED',
                  `${this.address} does not offer SFTP, which is needed to read and write files`,
                  {
                    detail: `${error.message}. Enable the sftp subsystem in the machine's sshd_config (Subsystem sftp internal-sftp).`,
                    cause: error,
                  },
                ),
              )
              return
            }
            const forget = (): void => {
              if (this.sftpSession === session) this.sftpSession = undefined
            }
            sftp.once('close', forget)
            sftp.once('end', forget)
            sftp.on('error', (sftpError: Error) => {
              log.debug('sftp error', { address: this.address, message: sftpError.message })
              forget()
            })
            resolve(sftp)
          })
        }),
    )
    this.sftpSession = session
    session.catch(() => {
      if (this.sftpSession === session) this.sftpSession = undefined
    })
    return session
  }

  /** Ends the connection and stops reconnecting; state `disconnected`. */
  async close(): Promise<void> {
    this.closing = true
    this.cancelReconnect()
    const pending = this.attemptInFlight
    if (pending !== undefined) await pending.catch(() => undefined)
    const client = this.client
    this.client = undefined
    this.sftpSession = undefined
    if (client !== undefined) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          client.destroy()
          resolve()
        }, 2000)
        client.once('close', () => {
          clearTimeout(timer)
          resolve()
        })
        client.end()
      })
    }
    this.setState({ status: 'disconnected' })
  }

  private attempt(): Promise<Client> {
    if (this.attemptInFlight !== undefined) return this.attemptInFlight
    if (this.reconnectAttempt === 0) this.setState({ status: 'connecting' })
    const attempt = openClient(this.options, this.address).then(
      (client) => {
        this.attemptInFlight = undefined
        if (this.closing) {
          client.end()
          throw new AppError('CANCELLED', `The connection to ${this.address} was closed`)
        }
        this.adopt(client)
        return client
      },
      (error: unknown) => {
        this.attemptInFlight = undefined
        const appError =
          error instanceof AppError ? error : new AppError('INTERNAL', String(error), { cause: error })
        this.lastError = appError
        if (!this.closing) this.afterFailedAttempt(appError)
        throw appError
      },
    )
    this.attemptInFlight = attempt
    return attempt
  }

  private adopt(client: Client): void {
    this.client = client
    this.reconnectAttempt = 0
    this.lastError = undefined
    this.outage = undefined
    client.on('error', (error: Error & { level?: string }) => {
      log.debug('connection error', { address: this.address, level: error.level, message: error.message })
    })
    client.once('close', () => this.onClosed(client))
    log.debug('connected', { address: this.address })
    this.setState({ status: 'connected' })
  }

  private onClosed(client: Client): void {
    if (this.client !== client) return
    this.client = undefined
    this.sftpSession = undefined
    if (this.closing) return
    log.debug('connection lost', { address: this.address })
    this.lastError = new AppError('HOST_UNREACHABLE', `The connection to ${this.address} was lost`)
    this.scheduleReconnect('The connection was lost; reconnecting')
  }

  private afterFailedAttempt(error: AppError): void {
    const reconnecting = this.reconnectAttempt > 0
    const max = this.reconnectPolicy.maxAttempts
    if (!reconnecting || isPermanentFailure(error)) {
      this.reconnectAttempt = 0
      this.outage = undefined
      this.setState({ status: 'error', reason: error.message, code: error.code })
      return
    }
    if (max !== undefined && this.reconnectAttempt >= max) {
      this.reconnectAttempt = 0
      this.outage = undefined
      this.lastError = new AppError(
        'HOST_UNREACHABLE',
        `Gave up reconnecting to ${this.address} after ${max} attempts`,
        {
          detail: `The last attempt failed: ${error.message}. ${error.detail ?? ''}`.trim(),
        },
      )
      this.setState({ status: 'error', reason: this.lastError.message, code: 'HOST_UNREACHABLE' })
      return
    }
    this.outage = error
    this.scheduleReconnect(error.message)
  }

  private scheduleReconnect(reason: string): void {
    this.reconnectAttempt += 1
    const { initialDelayMs, maxDelayMs } = this.reconnectPolicy
    const delay = Math.min(maxDelayMs, initialDelayMs * 2 ** (this.reconnectAttempt - 1))
    // The timer first: listeners of the state below see a reconnect that is scheduled.
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined
      this.stopProbe()
      this.attempt().catch(() => undefined)
    }, delay)
    if (delay > PROBE_INTERVAL_MS) this.probeUntilAnswered()
    this.setState({
      status: 'connecting',
      reason,
      attempt: this.reconnectAttempt,
      nextRetryAt: Date.now() + delay,
    })
  }

  /**
   * While waiting out a long backoff, knock on the SSH port every second: once something accepts
   * the TCP connection, the backoff is over and the real attempt starts at once.
   */
  private probeUntilAnswered(): void {
    this.stopProbe()
    this.probeTimer = setInterval(() => {
      const socket = createConnection({ host: this.options.hostname, port: this.options.port })
      socket.setTimeout(PROBE_INTERVAL_MS)
      const done = (): void => {
        socket.destroy()
      }
      socket.once('connect', () => {
        done()
        if (this.reconnectTimer === undefined || this.closing) return
        log.debug('host answers again; reconnecting now', { address: this.address })
        this.cancelReconnect()
        this.attempt().catch(() => undefined)
      })
      socket.once('error', done)
      socket.once('timeout', done)
    }, PROBE_INTERVAL_MS)
    this.probeTimer.unref()
  }

  private stopProbe(): void {
    if (this.probeTimer !== undefined) clearInterval(this.probeTimer)
    this.probeTimer = undefined
  }

  private cancelReconnect(): void {
    if (this.reconnectTimer !== undefined) clearTimeout(this.reconnectTimer)
    this.reconnectTimer = undefined
    this.stopProbe()
  }

  private waitForConnection(deadline: number, signal: AbortSignal | undefined): Promise<Client> {
    return new Promise<Client>((resolve, reject) => {
      const finish = (outcome: () => void): void => {
        unsubscribe()
        clearTimeout(timer)
        signal?.removeEventListener('abort', onAbort)
        outcome()
      }
      const check = (state: HostConnectionState): void => {
        const client = this.client
        if (state.status === 'connected' && client !== undefined) finish(() => resolve(client))
        else if (state.status === 'error')
          finish(() =>
            reject(this.lastError ?? new AppError('HOST_UNREACHABLE', `Cannot reach ${this.address}`)),
          )
        // Calls that were already waiting learn it too, at the first refused attempt.
        else if (
          state.status === 'connecting' &&
          this.outage !== undefined &&
          this.reconnectTimer !== undefined
        )
          finish(() => reject(this.outageError()))
        else if (state.status === 'disconnected')
          finish(() => reject(new AppError('CANCELLED', `The connection to ${this.address} was closed`)))
      }
      const onAbort = (): void => finish(() => reject(new AppError('CANCELLED', 'Cancelled')))
      const unsubscribe = this.onStateChange(check)
      signal?.addEventListener('abort', onAbort, { once: true })
      const wait = Math.max(0, deadline - Date.now())
      const timer = setTimeout(() => {
        const last = this.lastError
        finish(() =>
          reject(
            new AppError(
              'HOST_UNREACHABLE',
              `Could not connect to ${this.address} within ${formatDuration(wait)}`,
              {
                detail: last === undefined ? 'Still trying.' : `${last.message}. ${last.detail ?? ''}`.trim(),
              },
            ),
          ),
        )
      }, wait)
      check(this.current)
    })
  }

  private setState(state: HostConnectionState): void {
    this.current = state
    for (const listener of [...this.listeners]) {
      try {
        listener({ ...state })
      } catch (error) {
        log.warn('state listener threw', { message: error instanceof Error ? error.message : String(error) })
      }
    }
  }
}
