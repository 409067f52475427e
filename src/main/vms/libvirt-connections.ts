import { AppError } from '@shared/errors.js'
import type { VmChange } from '@shared/protocol.js'
import type { DomainEvent, DomainState, LibvirtConnectionState } from '@shared/vms.js'
import type { EventBus } from '../ipc/event-bus.js'
import { DomainInventory } from '../libvirt/domain-list.js'
import type { DomainChange } from '../libvirt/domain-list.js'
import { LibvirtConnection } from '../libvirt/libvirt-connection.js'
import type { ActionAuditor } from '../libvirt/libvirt-connection.js'
import { createLogger } from '../log.js'
import type { HostRegistry } from '../services/host-registry.js'

const log = createLogger('libvirt-connections')

export interface LibvirtConnectionsOptions {
  registry: HostRegistry
  bus: EventBus
  auditor: ActionAuditor
  /** Test seam: options passed to every connection (e.g. a short event backoff). */
  connection?: { eventBackoff?: { initialMs: number; maxMs: number } }
}

interface Entry {
  uri: string
  opening: Promise<LibvirtConnection>
  /** Set once open: what to undo on close. */
  off: (() => void)[]
}

/** libvirt's own words for a DomainChange, as the renderer gets it. */
function toVmChange(change: DomainChange): VmChange {
  switch (change.kind) {
    case 'updated':
      return { kind: 'updated', domain: change.domain, event: change.event.event }
    case 'removed':
      return {
        kind: 'removed',
        name: change.name,
        ...(change.uuid === undefined ? {} : { uuid: change.uuid }),
      }
    default:
      return { kind: 'resync' }
  }
}

/** The state a lifecycle event leaves the domain in; undefined for events that say nothing about it. */
const STATE_AFTER: Record<string, DomainState> = {
  Started: 'running',
  Resumed: 'running',
  Suspended: 'paused',
  Stopped: 'shutoff',
  Crashed: 'crashed',
  PMSuspended: 'pmsuspended',
}

function stateAfter(event: DomainEvent): DomainState | undefined {
  return event.type === 'lifecycle' ? STATE_AFTER[event.event] : undefined
}

/**
 * One LibvirtConnection per saved host and its libvirt URI, opened on first use on the host's live
 * connection (HostRegistry), closed when the host is dropped (disconnected, edited, removed) or its
 * URI changes. Each connection's domain events reach the event bus as `vm.changed` — the new state
 * at once, then the one VM refetched — and its state as `libvirt.state`.
 */
export class LibvirtConnections {
  private readonly entries = new Map<string, Entry>()
  private readonly offDrop: () => void

  constructor(private readonly options: LibvirtConnectionsOptions) {
    this.offDrop = options.registry.onDrop((hostId) => this.close(hostId))
  }

  /** The host's libvirt connection, opened (and the SSH link connected) when needed. */
  async get(hostId: string): Promise<LibvirtConnection> {
    const record = this.options.registry.record(hostId)
    const existing = this.entries.get(hostId)
    if (existing !== undefined && existing.uri === record.libvirtUri) return existing.opening
    if (existing !== undefined) await this.close(hostId)
    const off: (() => void)[] = []
    const entry: Entry = {
      uri: record.libvirtUri,
      off,
      opening: this.open(
        hostId,
        record.libvirtUri,
        record.name,
        off,
        () => this.entries.get(hostId) === entry,
      ),
    }
    this.entries.set(hostId, entry)
    entry.opening.catch(() => {
      // A failed open (host unreachable, key not accepted) is tried again on the next call.
      if (this.entries.get(hostId) === entry) this.entries.delete(hostId)
    })
    return entry.opening
  }

  /** The open connection, if any (no side effect). */
  peek(hostId: string): Promise<LibvirtConnection> | undefined {
    return this.entries.get(hostId)?.opening
  }

  /** Emits a change VirtDeck itself made, for drivers without an event stream (the test driver) and other windows. */
  announce(hostId: string, change: VmChange): void {
    this.options.bus.emit('vm.changed', { hostId, change })
  }

  async close(hostId: string): Promise<void> {
    const entry = this.entries.get(hostId)
    if (entry === undefined) return
    this.entries.delete(hostId)
    let conn: LibvirtConnection
    try {
      conn = await entry.opening
    } catch {
      return
    }
    for (const off of entry.off) off()
    await conn
      .close()
      .catch((error: unknown) =>
        log.warn('closing a libvirt connection failed', { hostId, error: String(error) }),
      )
    this.emitState(hostId, { status: 'closed' })
  }

  async closeAll(): Promise<void> {
    this.offDrop()
    await Promise.all([...this.entries.keys()].map((hostId) => this.close(hostId)))
  }

  private async open(
    hostId: string,
    uri: string,
    where: string,
    off: (() => void)[],
    stillWanted: () => boolean,
  ): Promise<LibvirtConnection> {
    await this.options.registry.connect(hostId)
    const host = await this.options.registry.get(hostId)
    const backoff = this.options.connection?.eventBackoff
    const conn = new LibvirtConnection({
      host,
      hostId,
      uri,
      where,
      auditor: this.options.auditor,
      ...(backoff === undefined ? {} : { eventBackoff: backoff }),
    })
    off.push(
      conn.onStateChange((state) => this.emitState(hostId, state)),
      // The state at once (the event says it); the refetch below replaces the whole summary.
      conn.onDomainEvent((event) => {
        const state = stateAfter(event)
        if (state === undefined) return
        const uuid = conn.facts.uuidOf(event.name)
        this.announce(hostId, {
          kind: 'state',
          name: event.name,
          state,
          event: event.event,
          ...(uuid === undefined ? {} : { uuid }),
        })
      }),
      conn.onObjectEvent((event) => this.options.bus.emit('libvirt.objectChanged', { hostId, ...event })),
      new DomainInventory(conn).watch((change) => this.announce(hostId, toVmChange(change))),
    )
    if (!stillWanted()) {
      // Dropped while opening.
      for (const undo of off) undo()
      await conn.close()
      throw new AppError('CANCELLED', `The connection to libvirt on ${where} was closed`)
    }
    return conn
  }

  private emitState(hostId: string, state: LibvirtConnectionState): void {
    this.options.bus.emit('libvirt.state', { hostId, state })
  }
}
