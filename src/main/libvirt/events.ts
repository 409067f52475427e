import { randomBytes } from 'node:crypto'
import { StringDecoder } from 'node:string_decoder'
import { AppError } from '@shared/errors.js'
import type { DomainEvent, LibvirtConnectionState, LibvirtObjectEvent } from '@shared/vms.js'
import type { Host, HostProcess } from '../host/host.js'
import { looksLikeMissingCommand } from '../host/missing-command.js'
import { createLogger } from '../log.js'
import { parseEventLine, parseObjectEventLine } from './event-parse.js'
import { virshEnv } from './transport.js'
import { errorLines } from './virsh-errors.js'

const log = createLogger('libvirt-events')

export interface EventStreamOptions {
  /** The host as named in messages; default the host's id. */
  where?: string
  /** Delay before restarting an ended stream: doubles from `initialMs` up to `maxMs`. Default 250 ms → 5 s. */
  backoff?: { initialMs: number; maxMs: number }
}

type Listener<T> = (value: T) => void

/**
 * The host's one event process: `sh` running virsh's domain, storage pool and network event loops
 * side by side (one SSH channel, so MaxSessions is no reason to leave pools and networks unwatched).
 * Each virsh first echoes its marker (virsh connects before reading its first line); the lines are
 * told apart by their words ("for domain", "for storage pool", "for network"). When any loop ends
 * (libvirtd went away) the others are stopped and `sh` exits, so the stream restarts as a whole; a
 * TERM or HUP (the app closing the channel) stops all three. $1 is the URI, $2 the marker as typed
 * (with '' inside, so readline's echo of the line is not taken for virsh's answer). The poll sleeps
 * in the background so that a TERM is handled at once, not after the sleep.
 */
const EVENTS_SCRIPT = [
  'uri=$1 m=$2 d= p= n=',
  'stop() { kill $d $p $n 2>/dev/null; }',
  "trap 'stop; exit 0' HUP INT TERM",
  'trap stop EXIT',
  'printf \'echo %s-d\\nevent --all --loop --timestamp\\nquit\\n\' "$m" | virsh -q -c "$uri" & d=$!',
  'printf \'echo %s-p\\npool-event --event lifecycle --loop --timestamp\\nquit\\n\' "$m" | virsh -q -c "$uri" & p=$!',
  'printf \'echo %s-n\\nnet-event --event lifecycle --loop --timestamp\\nquit\\n\' "$m" | virsh -q -c "$uri" & n=$!',
  'while kill -0 $d 2>/dev/null && kill -0 $p 2>/dev/null && kill -0 $n 2>/dev/null; do sleep 2 & wait $!; done',
].join('\n')

const LOOPS = ['d', 'p', 'n'] as const

/**
 * One `virsh event --all --loop --timestamp` per connection, for live state. It runs in an
 * interactive virsh that first echoes a marker: virsh connects before reading its first line, so the
 * marker on stdout means "connected and listening" (events in the few ms before the registration
 * are the only ones a reconnect can miss). When the stream ends — libvirtd restarted, the SSH link
 * dropped — it is started again with backoff, and the state says why it is reconnecting. After a
 * `reconnecting` → `connected` transition listeners should refresh what they show: events in
 * between were missed.
 */
export class DomainEventStream {
  private readonly where: string
  private readonly backoff: { initialMs: number; maxMs: number }
  private readonly eventListeners = new Set<Listener<DomainEvent>>()
  private readonly objectListeners = new Set<Listener<LibvirtObjectEvent>>()
  private readonly stateListeners = new Set<Listener<LibvirtConnectionState>>()
  private current: LibvirtConnectionState = { status: 'connecting' }
  private proc: HostProcess | undefined
  private retryTimer: NodeJS.Timeout | undefined
  private attempt = 0
  private started = false
  private closed = false
  /** How many event processes were started (tests, diagnostics). */
  processesStarted = 0

  constructor(
    private readonly host: Host,
    private readonly uri: string,
    options: EventStreamOptions = {},
  ) {
    this.where = options.where ?? host.id
    this.backoff = options.backoff ?? { initialMs: 250, maxMs: 5000 }
  }

  /** Starts listening (once; later calls do nothing). */
  start(): void {
    if (this.started || this.closed) return
    this.started = true
    void this.spawn()
  }

  state(): LibvirtConnectionState {
    return { ...this.current }
  }

  onEvent(listener: Listener<DomainEvent>): () => void {
    this.eventListeners.add(listener)
    return () => this.eventListeners.delete(listener)
  }

  /** Storage pool and network lifecycle events. */
  onObjectEvent(listener: Listener<LibvirtObjectEvent>): () => void {
    this.objectListeners.add(listener)
    return () => this.objectListeners.delete(listener)
  }

  onState(listener: Listener<LibvirtConnectionState>): () => void {
    this.stateListeners.add(listener)
    return () => this.stateListeners.delete(listener)
  }

  /** Resolves once connected; rejects with TIMEOUT after `timeoutMs`. */
  waitConnected(timeoutMs: number): Promise<void> {
    if (this.current.status === 'connected') return Promise.resolve()
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off()
        reject(
          new AppError(
            'TIMEOUT',
            `The event stream of ${this.uri} on ${this.where} did not connect within ${timeoutMs / 1000} s`,
            {
              ...(this.current.reason === undefined ? {} : { detail: this.current.reason }),
            },
          ),
        )
      }, timeoutMs)
      const off = this.onState((state) => {
        if (state.status !== 'connected') return
        clearTimeout(timer)
        off()
        resolve()
      })
    })
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer)
    const proc = this.proc
    this.proc = undefined
    this.setState({ status: 'closed' })
    if (proc !== undefined) {
      proc.kill()
      await proc.exited
    }
  }

  private setState(state: LibvirtConnectionState): void {
    this.current = state
    for (const listener of this.stateListeners) listener({ ...state })
  }

  private async spawn(): Promise<void> {
    if (this.closed) return
    const ready = `VDREADY${randomBytes(6).toString('hex')}`
    let proc: HostProcess
    try {
      proc = await this.host.spawn(
        'sh',
        ['-c', EVENTS_SCRIPT, 'sh', this.uri, `${ready.slice(0, 7)}''${ready.slice(7)}`],
        {
          env: virshEnv(this.uri),
        },
      )
    } catch (error) {
      this.scheduleRetry(error instanceof Error ? error.message : String(error))
      return
    }
    if (this.closed) {
      proc.kill()
      return
    }
    this.proc = proc
    this.processesStarted++
    const waiting = new Set<string>(LOOPS.map((loop) => `${ready}-${loop}`))
    const decoder = new StringDecoder('utf8')
    let buffer = ''
    let listening = false
    let stderr = ''
    proc.stdin.on('error', () => undefined)
    proc.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-4000)
    })
    proc.stdout.on('data', (chunk: Buffer) => {
      buffer += decoder.write(chunk)
      if (!listening) {
        for (const marker of [...waiting]) {
          const at = buffer.indexOf(marker)
          if (at === -1) continue
          waiting.delete(marker)
          buffer = buffer.slice(0, at) + buffer.slice(at + marker.length)
        }
        if (waiting.size > 0) return
        listening = true
        this.attempt = 0
        this.setState({ status: 'connected' })
      }
      const lines = buffer.split('\n')
      buffer = lines.pop() ?? ''
      for (const line of lines) this.dispatch(line)
    })
    void proc.exited.then((exit) => {
      if (this.proc !== proc) return
      this.proc = undefined
      if (this.closed) return
      const lines = errorLines(stderr).filter((line) => !line.startsWith("Failed to create '/dev/null/"))
      const reason =
        looksLikeMissingCommand('virsh', exit.code, stderr) || /virsh: (?:command )?not found/.test(stderr)
          ? `virsh is not installed on ${this.where}`
          : (lines[0] ?? (listening ? 'The event stream ended' : 'virsh could not listen for events'))
      log.debug('event stream ended', { uri: this.uri, reason })
      this.scheduleRetry(reason)
    })
    proc.stdin.end()
  }

  private dispatch(line: string): void {
    const event = parseEventLine(line)
    if (event === undefined) {
      const objectEvent = parseObjectEventLine(line)
      if (objectEvent !== undefined) this.dispatchObject(objectEvent)
      return
    }
    for (const listener of this.eventListeners) {
      try {
        listener(event)
      } catch (error) {
        log.error('an event listener threw', { error: String(error) })
      }
    }
  }

  private dispatchObject(event: LibvirtObjectEvent): void {
    for (const listener of this.objectListeners) {
      try {
        listener(event)
      } catch (error) {
        log.error('an event listener threw', { error: String(error) })
      }
    }
  }

  private scheduleRetry(reason: string): void {
    if (this.closed) return
    const delay = Math.min(this.backoff.maxMs, this.backoff.initialMs * 2 ** this.attempt)
    this.attempt++
    this.setState({ status: 'reconnecting', reason, attempt: this.attempt, nextRetryAt: Date.now() + delay })
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined
      void this.spawn()
    }, delay)
  }
}
