import type { Readable } from 'node:stream'
import type Docker from 'dockerode'
import type { ContainerChange } from '@shared/containers.js'
import { findContainer } from './containers.js'

/** The fields of a Docker event the watcher reads. */
interface DockerEvent {
  Type?: string
  Action?: string
  Actor?: { ID?: string }
  id?: string
}

/** Actions that change what the list shows; exec_*, attach, top, … do not. */
const RELEVANT = /^(create|start|restart|stop|die|kill|pause|unpause|rename|update|oom|destroy|health_status)/

export interface EventWatcherOptions {
  /** Wait before reconnecting after the stream dropped (doubles up to 5 s). */
  initialDelayMs?: number
}

/**
 * Follows GET /events (containers only) — no polling — and turns each relevant event into a
 * change: the container's fresh summary, or `removed`. After a dropped stream it reconnects and
 * sends `resync` (events may have been missed).
 */
export class DockerEventWatcher {
  private stream: Readable | undefined
  private stopped = false
  private delay: number
  private timer: NodeJS.Timeout | undefined
  private connectedOnce = false

  constructor(
    private readonly docker: Docker,
    private readonly onChange: (change: ContainerChange) => void,
    private readonly options: EventWatcherOptions = {},
  ) {
    this.delay = options.initialDelayMs ?? 250
  }

  /** Resolves once the stream is open (Docker answers the request's headers). */
  async start(): Promise<void> {
    this.stopped = false
    await this.open()
  }

  stop(): void {
    this.stopped = true
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.stream?.destroy()
    this.stream = undefined
  }

  private async open(): Promise<void> {
    const stream = (await this.docker.getEvents({ filters: { type: ['container'] } })) as unknown as Readable
    if (this.stopped) {
      stream.destroy()
      return
    }
    this.stream = stream
    this.delay = this.options.initialDelayMs ?? 250
    if (this.connectedOnce) this.onChange({ kind: 'resync' })
    this.connectedOnce = true
    let buffered = ''
    stream.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8')
      let nl: number
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl).trim()
        buffered = buffered.slice(nl + 1)
        if (line !== '') this.handle(line)
      }
    })
    const dropped = (): void => {
      if (this.stream !== stream) return
      this.stream = undefined
      this.reconnectLater()
    }
    stream.once('end', dropped)
    stream.once('close', dropped)
    stream.on('error', dropped)
  }

  private reconnectLater(): void {
    if (this.stopped) return
    this.timer = setTimeout(() => {
      this.open().catch(() => this.reconnectLater())
    }, this.delay)
    this.delay = Math.min(this.delay * 2, 5000)
  }

  private handle(line: string): void {
    let event: DockerEvent
    try {
      event = JSON.parse(line) as DockerEvent
    } catch {
      return
    }
    const id = event.Actor?.ID ?? event.id
    const action = event.Action ?? ''
    if (event.Type !== 'container' || id === undefined || !RELEVANT.test(action)) return
    if (action === 'destroy') {
      this.onChange({ kind: 'removed', id })
      return
    }
    findContainer(this.docker, id).then(
      (container) =>
        this.onChange(
          container === undefined ? { kind: 'removed', id } : { kind: 'updated', container, action },
        ),
      () => this.onChange({ kind: 'resync' }),
    )
  }
}
