import { AppError } from '@shared/errors.js'
import type { StatsHistory, StatsRange, StatsRound, VmSample } from '@shared/stats.js'
import { createLogger } from '../log.js'
import { MetricHistory } from './ring.js'
import { HostSampler } from './sampler.js'
import type { SampleSource } from './sampler.js'

const log = createLogger('stats')

export interface StatsServiceOptions {
  /** The host's libvirt connection and its live Host (opened when needed). */
  source(hostId: string): SampleSource
  /** Called before a host's connection closes: sampling of that host stops. */
  onDrop(listener: (hostId: string) => Promise<void>): () => void
  /** Each round, to the windows (the `stats.sample` event). */
  onRound(hostId: string, round: StatsRound): void
  intervalMs?: number
  now?: () => number
}

/** A VM not seen running for a day has no history left to show. */
const FORGET_AFTER_MS = 86_400_000

interface HostState {
  sampler: HostSampler
  host: MetricHistory
  vmTotals: MetricHistory
  vms: Map<string, MetricHistory>
  watchers: Set<() => void>
  timer: NodeJS.Timeout | undefined
  /** Rounds failed in a row (no libvirt on the host, link down): the next waits longer, up to 30 s. */
  failures: number
  /** A round is in flight (it is never cancelled: that would restart the shared virsh session). */
  running: boolean
}

/**
 * Performance history of every host someone looks at. Sampling of a host runs while at least one
 * `watch` of it is open (reference counted) — one round per interval for all its running VMs — and
 * stops with the last one, or when the host disconnects. What was sampled stays in memory (bounded
 * rings) so a VM reopened later shows its past.
 */
export class StatsService {
  private readonly hosts = new Map<string, HostState>()
  private readonly intervalMs: number
  private readonly now: () => number
  private readonly offDrop: () => void

  constructor(private readonly options: StatsServiceOptions) {
    this.intervalMs = options.intervalMs ?? 1000
    this.now = options.now ?? Date.now
    this.offDrop = options.onDrop(async (hostId) => this.stopHost(hostId))
  }

  /** Samples `hostId` until `signal` aborts or the host disconnects. */
  async watch(hostId: string, signal: AbortSignal): Promise<{ stopped: true }> {
    if (signal.aborted) throw new AppError('CANCELLED', 'Stopped watching before it began.')
    const state = this.state(hostId)
    await new Promise<void>((resolve) => {
      const end = (): void => {
        signal.removeEventListener('abort', end)
        state.watchers.delete(end)
        if (state.watchers.size === 0) this.pause(state)
        resolve()
      }
      signal.addEventListener('abort', end)
      state.watchers.add(end)
      if (state.timer === undefined && !state.running) this.schedule(hostId, state, 0)
    })
    return { stopped: true }
  }

  /** Hosts being sampled now, with their number of watchers. */
  watching(): Record<string, number> {
    return Object.fromEntries([...this.hosts].map(([id, s]) => [id, s.watchers.size]))
  }

  history(hostId: string, range: StatsRange, vm?: string): StatsHistory {
    const state = this.hosts.get(hostId)
    const now = this.now()
    const sampling = (state?.watchers.size ?? 0) > 0
    if (vm !== undefined) {
      const series = (state?.vms.get(vm) ?? new MetricHistory()).series(range, now)
      return { hostId, vm, series, sampling }
    }
    return {
      hostId,
      series: (state?.host ?? new MetricHistory()).series(range, now),
      vmTotals: (state?.vmTotals ?? new MetricHistory()).series(range, now),
      sampling,
    }
  }

  close(): void {
    this.offDrop()
    for (const hostId of [...this.hosts.keys()]) this.stopHost(hostId)
  }

  private state(hostId: string): HostState {
    let state = this.hosts.get(hostId)
    if (state === undefined) {
      state = {
        sampler: new HostSampler(this.options.source(hostId), this.now),
        host: new MetricHistory(),
        vmTotals: new MetricHistory(),
        vms: new Map(),
        watchers: new Set(),
        timer: undefined,
        running: false,
        failures: 0,
      }
      this.hosts.set(hostId, state)
    }
    return state
  }

  private schedule(hostId: string, state: HostState, delayMs: number): void {
    state.timer = setTimeout(() => {
      state.timer = undefined
      void this.tick(hostId, state)
    }, delayMs)
  }

  private async tick(hostId: string, state: HostState): Promise<void> {
    const started = this.now()
    state.running = true
    try {
      const round = await state.sampler.round()
      // Nobody watches any more: the round is dropped, so that the next one starts from a fresh reading.
      state.failures = 0
      if (state.watchers.size > 0) {
        this.record(state, round)
        this.options.onRound(hostId, round)
      }
    } catch (error) {
      // libvirt restarting, the SSH link down: this round is lost, the next one tries again.
      log.debug('round failed', { hostId, error: String(error) })
      state.sampler.reset()
      state.failures += 1
    } finally {
      state.running = false
    }
    if (state.watchers.size === 0) state.sampler.reset()
    else if (state.timer === undefined) {
      // Never two rounds at once: the next starts one interval after this one started, or at once if late.
      const backoff = state.failures === 0 ? 0 : Math.min(30_000, this.intervalMs * 2 ** state.failures)
      this.schedule(hostId, state, Math.max(backoff, this.intervalMs - (this.now() - started)))
    }
  }

  private record(state: HostState, round: StatsRound): void {
    const own: VmSample = {}
    if (round.host.cpuPercent !== undefined) own.cpuPercent = round.host.cpuPercent
    if (round.host.memUsedBytes !== undefined) own.memUsedBytes = round.host.memUsedBytes
    if (round.host.memTotalBytes !== undefined) own.memTotalBytes = round.host.memTotalBytes
    state.host.add(round.at, own)
    state.vmTotals.add(round.at, round.host.vms)
    for (const [name, sample] of Object.entries(round.vms)) {
      let history = state.vms.get(name)
      if (history === undefined) {
        history = new MetricHistory()
        state.vms.set(name, history)
      }
      history.add(round.at, sample)
    }
    for (const [name, history] of state.vms)
      if ((history.lastAt() ?? 0) < round.at - FORGET_AFTER_MS) state.vms.delete(name)
  }

  private pause(state: HostState): void {
    state.failures = 0
    if (state.timer !== undefined) clearTimeout(state.timer)
    state.timer = undefined
    state.sampler.reset()
  }

  private stopHost(hostId: string): void {
    const state = this.hosts.get(hostId)
    if (state === undefined) return
    for (const end of [...state.watchers]) end()
    this.pause(state)
  }
}
