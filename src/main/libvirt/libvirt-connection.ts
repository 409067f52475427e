import { AppError } from '@shared/errors.js'
import type { DomainEvent, LibvirtConnectionState, LibvirtObjectEvent } from '@shared/vms.js'
import type { Host } from '../host/host.js'
import type { AuditSubject } from '../services/auditor.js'
import { DomainFactsCache } from './domain-facts.js'
import { DomainEventStream } from './events.js'
import type { EventStreamOptions } from './events.js'
import type { BatchResult, LibvirtTransport, RunOptions } from './transport.js'
import { DEFAULT_CALL_TIMEOUT_MS, runEach } from './transport.js'
import { VirshExecTransport } from './virsh-exec.js'
import { VirshSession } from './virsh-session.js'

/** Wraps a mutating action so that its outcome lands in the audit log (the app passes its Auditor). */
export interface ActionAuditor {
  runAsync<T>(subject: AuditSubject, action: () => Promise<T>): Promise<T>
}

export interface LibvirtConnectionOptions {
  host: Host
  /** The saved host's id: every object from this connection is keyed by it. */
  hostId?: string
  /** e.g. qemu:///system. */
  uri: string
  /** The host as named in messages ("this computer", "server1"); default the host id. */
  where?: string
  /** 'session' (default): one long-lived virsh; 'exec': one virsh per call (comparison, fallback). */
  transport?: 'session' | 'exec'
  /**
   * Listen to libvirt's domain events. Default: yes, except on the test driver, whose state lives in
   * each process (an event stream there would never see the session's changes).
   */
  events?: boolean
  eventBackoff?: EventStreamOptions['backoff']
  defaultTimeoutMs?: number
  auditor?: ActionAuditor
}

type Listener<T> = (value: T) => void

/**
 * One per (host, libvirt URI): the virsh session that runs commands, the event stream that reports
 * changes, the state of both, and what the services cache (facts about domains, invalidated by the
 * events). Every call has a timeout: nothing waits forever.
 */
export class LibvirtConnection {
  readonly host: Host
  readonly hostId: string
  readonly uri: string
  readonly where: string
  readonly transport: LibvirtTransport
  readonly events: DomainEventStream | undefined
  /** Per-process state (the test driver): long work must stay in the session to see the same objects. */
  readonly isTestDriver: boolean
  /** What the inventory remembers between loads; trusted only while `factsAreFresh()`. */
  readonly facts = new DomainFactsCache()
  private readonly exec: VirshExecTransport
  private readonly auditor: ActionAuditor | undefined
  private readonly stateListeners = new Set<Listener<LibvirtConnectionState>>()
  private readonly eventListeners = new Set<Listener<DomainEvent>>()
  private readonly objectListeners = new Set<Listener<LibvirtObjectEvent>>()
  private readonly resyncListeners = new Set<() => void>()
  private sessionState: LibvirtConnectionState = { status: 'connecting' }
  private lastState: LibvirtConnectionState = { status: 'connecting' }
  private closed = false
  private readonly unsubscribe: (() => void)[] = []

  constructor(options: LibvirtConnectionOptions) {
    this.host = options.host
    this.hostId = options.hostId ?? options.host.id
    this.uri = options.uri
    this.where = options.where ?? options.host.id
    this.auditor = options.auditor
    this.isTestDriver = options.uri.startsWith('test:')
    const timeouts = {
      where: this.where,
      defaultTimeoutMs: options.defaultTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS,
    }
    this.exec = new VirshExecTransport(options.host, options.uri, timeouts)
    this.transport =
      options.transport === 'exec'
        ? this.exec
        : new VirshSession(options.host, options.uri, {
            ...timeouts,
            fallback: this.exec,
            onDisconnect: (reason) => this.setSessionState({ status: 'reconnecting', reason }),
          })
    if (options.events ?? !this.isTestDriver) {
      const events = new DomainEventStream(options.host, options.uri, {
        where: this.where,
        ...(options.eventBackoff === undefined ? {} : { backoff: options.eventBackoff }),
      })
      this.events = events
      let wasConnected = false
      this.unsubscribe.push(
        events.onState((state) => {
          if (state.status === 'connected') {
            if (wasConnected) for (const listener of this.resyncListeners) listener()
            wasConnected = true
          } else this.facts.clear()
          this.emitState()
        }),
        events.onEvent((event) => {
          this.facts.forget(event.name)
          for (const listener of this.eventListeners) listener(event)
        }),
        events.onObjectEvent((event) => {
          for (const listener of this.objectListeners) listener(event)
        }),
      )
      events.start()
    }
  }

  /** connected / reconnecting (with why) / closed: the event stream's when it runs, else the session's. */
  state(): LibvirtConnectionState {
    if (this.closed) return { status: 'closed' }
    const events = this.events?.state()
    if (events === undefined) return { ...this.sessionState }
    if (events.status === 'connected' && this.sessionState.status === 'reconnecting')
      return { ...this.sessionState }
    return events
  }

  onStateChange(listener: Listener<LibvirtConnectionState>): () => void {
    this.stateListeners.add(listener)
    return () => this.stateListeners.delete(listener)
  }

  /** Domain events as they come (see DomainEvent). */
  onDomainEvent(listener: Listener<DomainEvent>): () => void {
    this.eventListeners.add(listener)
    return () => this.eventListeners.delete(listener)
  }

  /** Storage pool and network lifecycle events (defined, removed, started, stopped — by anyone). */
  onObjectEvent(listener: Listener<LibvirtObjectEvent>): () => void {
    this.objectListeners.add(listener)
    return () => this.objectListeners.delete(listener)
  }

  /** The event stream reconnected: events were missed, refresh everything shown. */
  onResync(listener: () => void): () => void {
    this.resyncListeners.add(listener)
    return () => this.resyncListeners.delete(listener)
  }

  /**
   * Cached facts about domains are current: the event stream runs and would have invalidated them —
   * or, on the test driver, nothing but this connection's own session can change anything.
   */
  factsAreFresh(): boolean {
    if (this.isTestDriver) return true
    return this.events?.state().status === 'connected'
  }

  /** Runs a command that changes something (never repeated). */
  async run(args: readonly string[], options: RunOptions = {}): Promise<string> {
    try {
      return await this.track(() => this.transport.run(args, options))
    } finally {
      // Our own change: do not wait for its event to forget what it may have changed.
      this.facts.forgetDefinitions()
    }
  }

  /** Runs a command that only reads, once (see `read` for the retry). */
  private readOnce(args: readonly string[], options: RunOptions): Promise<string> {
    return this.track(() => this.transport.run(args, options))
  }

  /**
   * Runs a command that only reads. When libvirt went away under the session (libvirtd restarted),
   * virsh reconnects on the next command: such a read is tried once more.
   */
  async read(args: readonly string[], options: RunOptions = {}): Promise<string> {
    try {
      return await this.readOnce(args, options)
    } catch (error) {
      if (!isConnectionLoss(error) || options.signal?.aborted === true) throw error
      return this.readOnce(args, options)
    }
  }

  /** Read-only commands in one round trip (see LibvirtTransport.runBatch); one by one where the transport cannot batch. */
  async readBatch(commands: readonly (readonly string[])[], options: RunOptions = {}): Promise<BatchResult> {
    const transport = this.transport
    if (transport.runBatch === undefined) return runEach(transport, commands, options)
    const runBatch = transport.runBatch.bind(transport)
    try {
      return await this.track(() => runBatch(commands, options))
    } catch (error) {
      if (!isConnectionLoss(error) || options.signal?.aborted === true) throw error
      return this.track(() => runBatch(commands, options))
    }
  }

  /**
   * Long work (creating a big volume): its own virsh process, so that the session stays free for
   * everything else. The test driver keeps state per process, so there it runs in the session.
   */
  async runLong(args: readonly string[], options: RunOptions = {}): Promise<string> {
    if (this.isTestDriver) return this.run(args, options)
    try {
      return await this.track(() => this.exec.run(args, { timeoutMs: 24 * 3600_000, ...options }))
    } finally {
      this.facts.forgetDefinitions()
    }
  }

  /** Audits `action` as `name` on `target` when the connection was given an auditor. */
  audited<T>(action: string, target: string, work: () => Promise<T>, detail?: string): Promise<T> {
    if (this.auditor === undefined) return work()
    return this.auditor.runAsync(
      { hostId: this.hostId, target, action, ...(detail === undefined ? {} : { detail }) },
      work,
    )
  }

  /**
   * Gives `work` the path of a temp file holding `content` on the host (where virsh runs, so
   * `define FILE` works locally and over SSH alike), and removes it afterwards.
   */
  async withTempFile<T>(content: string, work: (path: string) => Promise<T>): Promise<T> {
    const made = await this.host.exec('mktemp', [], { timeoutMs: 15_000 })
    const path = made.stdout.trim()
    if (made.code !== 0 || !path.startsWith('/')) {
      throw new AppError('COMMAND_FAILED', `Could not create a temporary file on ${this.where}`, {
        detail: made.stderr.trim(),
      })
    }
    try {
      await this.host.writeFile(path, content, { mode: 0o600 })
      return await work(path)
    } finally {
      await this.host.exec('rm', ['-f', '--', path], { timeoutMs: 15_000 }).catch(() => undefined)
    }
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    for (const off of this.unsubscribe) off()
    await Promise.all([this.transport.close(), this.events?.close()])
    this.emitState()
  }

  private async track<T>(work: () => Promise<T>): Promise<T> {
    try {
      const result = await work()
      if (this.sessionState.status !== 'connected') this.setSessionState({ status: 'connected' })
      return result
    } catch (error) {
      if (isConnectionLoss(error))
        this.setSessionState({
          status: 'reconnecting',
          reason: error instanceof Error ? error.message : String(error),
        })
      else if (
        error instanceof AppError &&
        error.code !== 'TIMEOUT' &&
        error.code !== 'CANCELLED' &&
        this.sessionState.status !== 'connected'
      ) {
        // libvirt answered (with an error about the object): the link itself works.
        this.setSessionState({ status: 'connected' })
      }
      throw error
    }
  }

  private setSessionState(state: LibvirtConnectionState): void {
    this.sessionState = state
    this.emitState()
  }

  private emitState(): void {
    const state = this.state()
    if (sameState(state, this.lastState)) return
    this.lastState = state
    for (const listener of this.stateListeners) listener({ ...state })
  }
}

function sameState(a: LibvirtConnectionState, b: LibvirtConnectionState): boolean {
  return a.status === b.status && a.reason === b.reason && a.attempt === b.attempt
}

export function isConnectionLoss(error: unknown): boolean {
  return error instanceof AppError && error.code === 'HOST_UNREACHABLE'
}
