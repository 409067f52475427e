import type { ErrorPayload } from './errors.js'
import type { HostConnectionState } from './hosts.js'
import type { DomainState, DomainSummary, LibvirtConnectionState, LibvirtObjectEvent } from './vms.js'
// containers: begin
import type { ContainerChange, ContainerStats } from './containers.js'
// containers: end
// stats: begin
import type { StatsRound } from './stats.js'
// stats: end

/** What travels between a client and main, whatever the transport. No schemas here: the preload bundles this file. */
export interface Progress {
  message: string
  /** 0..1 when known. */
  fraction?: number
}

export interface PasswordPromptEvent {
  promptId: string
  hostId: string
  kind: 'sudo' | 'passphrase' | 'password'
  prompt: string
  reason: string
}

/**
 * One VM changed on a host (from libvirt's event stream, or after an action of VirtDeck's): its new
 * summary, or that it is gone; `resync` when events may have been missed (reload that host's list).
 */
export type VmChange =
  | {
      kind: 'updated'
      domain: DomainSummary
      /** libvirt's word for what happened: Started, Stopped, Defined, … */ event?: string
    }
  | { kind: 'removed'; name: string; uuid?: string }
  /** The new state as libvirt's lifecycle event says, at once; the refetched `updated` follows. */
  | { kind: 'state'; name: string; uuid?: string; state: DomainState; event: string }
  | { kind: 'resync' }

/** Events from main to the renderer. */
export interface Events {
  'host.state': { hostId: string; state: HostConnectionState }
  'hosts.changed': { reason: 'added' | 'updated' | 'removed'; hostId: string }
  'prompt.password': PasswordPromptEvent
  'op.progress': { opId: string; progress: Progress }
  /** Virtual machines: one VM changed (see VmChange). */
  'vm.changed': { hostId: string; change: VmChange }
  /** Virtual machines: the link to libvirt on a host (connected, or reconnecting and why). */
  'libvirt.state': { hostId: string; state: LibvirtConnectionState }
  // containers: begin
  /** Docker: one container changed on a host (from /events, no polling). */
  'container.changed': { hostId: string; change: ContainerChange }
  /** Docker: a round of live stats for the containers a `docker.statsWatch` call follows. */
  'container.stats': { hostId: string; stats: ContainerStats[] }
  // containers: end
  /** A storage pool or virtual network was defined, removed, started or stopped (by anyone). */
  'libvirt.objectChanged': { hostId: string } & LibvirtObjectEvent
  /** The change records were written: by this process, or by another one (the CLI) on the same profile. */
  'changes.updated': { source: 'this-process' | 'another-process' }
  // stats: begin
  /** Graphs: one sampling round of a host that a `stats.watch` call follows. */
  'stats.sample': { hostId: string; round: StatsRound }
  // stats: end
}
export type EventName = keyof Events
export const EVENT_NAMES: readonly EventName[] = [
  'host.state',
  'hosts.changed',
  'prompt.password',
  'op.progress',
  'vm.changed',
  'libvirt.state',
  // containers: begin
  'container.changed',
  'container.stats',
  // containers: end
  'libvirt.objectChanged',
  'changes.updated',
  'stats.sample', // stats
]

/** What crosses the boundary for one call. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload }

/** A request as it crosses a transport (IPC or the harness WebSocket). */
export interface Request {
  channel: string
  input: unknown
  /** Set for streaming calls: progress events carry it, `cancel` names it. */
  opId?: string
}

export interface CallOptions {
  onProgress?: (progress: Progress) => void
  /** Cancels a streaming call. Does not cross Electron's contextBridge: use `opId` + `cancel` there. */
  signal?: AbortSignal
  /** The caller's id for this call, so it can `cancel(opId)` later. Generated when absent. */
  opId?: string
}

/** The three Electron IPC channels every call, cancellation and event travels on. */
export const IPC = {
  call: 'virtdeck:call',
  cancel: 'virtdeck:cancel',
  event: 'virtdeck:event',
} as const
