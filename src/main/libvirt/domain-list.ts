import { AppError } from '@shared/errors.js'
import type { DomainEvent, DomainRef, DomainState, DomainSummary } from '@shared/vms.js'
import { createLogger } from '../log.js'
import type { DomainSizes } from './domain-facts.js'
import { cpuPercent } from './domain-facts.js'
import { domainNotFound, noLongerExists, refTarget } from './domain-ref.js'
import type { LibvirtConnection } from './libvirt-connection.js'
import { osLabel, LIBOSINFO_NS, parseLibosinfoId } from './os-metadata.js'
import type { DomstatsEntry } from './virsh-parse.js'
import {
  parseDomstats,
  parseInteger,
  parseKeyValues,
  parseKiB,
  parseNames,
  parseUuidNames,
  parseYesNo,
  stateFromNumber,
  stateFromText,
} from './virsh-parse.js'

const log = createLogger('domain-list')

/** The bulk statistics the inventory needs, for every domain in one call. */
const DOMSTATS = ['domstats', '--raw', '--state', '--vcpu', '--balloon', '--cpu-total']

export type DomainChange =
  | { kind: 'updated'; domain: DomainSummary; event: DomainEvent }
  | { kind: 'removed'; hostId: string; name: string; uuid?: string; event: DomainEvent }
  /** Events were missed (the stream reconnected): reload the whole list. */
  | { kind: 'resync'; hostId: string }

export interface ListOptions {
  /** Also read each domain's OS from its libosinfo metadata (one call per domain the first time, then cached). */
  withOs?: boolean
  signal?: AbortSignal
}

/**
 * The inventory of one connection. A load is four bulk calls written to the session at once
 * (`list --uuid --name`, `domstats`, the autostart and transient lists); facts that need a call per
 * domain — the OS, and vCPUs/memory on drivers whose domstats lacks them — come from the
 * connection's cache while the event stream keeps it current. CPU use comes from the difference
 * between this load's `cpu.time` and the previous one.
 */
export class DomainInventory {
  constructor(private readonly conn: LibvirtConnection) {}

  async list(options: ListOptions = {}): Promise<DomainSummary[]> {
    const call = options.signal === undefined ? {} : { signal: options.signal }
    const fresh = this.conn.factsAreFresh()
    const facts = this.conn.facts
    // `list --uuid --name` costs virsh ~20 µs a domain; while the cache is current, domstats' names suffice.
    const [ids, stats, autostart, transient] = await Promise.all([
      fresh ? undefined : this.conn.read(['list', '--all', '--uuid', '--name'], call),
      this.domstats([], call),
      this.conn.read(['list', '--all', '--name', '--autostart'], call),
      this.conn.read(['list', '--all', '--name', '--transient'], call),
    ])
    const at = Date.now()
    const entries = parseDomstats(stats)
    const statsByName = new Map(entries.map((entry) => [entry.name, entry]))
    const autostartNames = new Set(parseNames(autostart))
    const transientNames = new Set(parseNames(transient))

    const known =
      ids === undefined && entries.length > 0 ? facts.trustedUuids(entries.map((e) => e.name)) : undefined
    const domains =
      known !== undefined
        ? [...known].map(([name, uuid]) => ({ uuid, name }))
        : parseUuidNames(ids ?? (await this.conn.read(['list', '--all', '--uuid', '--name'], call)))
    const needInfo: string[] = []
    for (const { uuid, name } of domains) {
      facts.learn(name, uuid)
      const entry = statsByName.get(name)
      if (
        sizesFrom(entry) === undefined &&
        !(fresh && facts.sizes.has(uuid) && entry?.fields.has('state.state') === true)
      )
        needInfo.push(uuid)
    }
    const info = await this.dominfo(needInfo, call)

    const summaries: DomainSummary[] = []
    for (const { uuid, name } of domains) {
      const entry = statsByName.get(name)
      const extra = info.get(uuid)
      const sizes = sizesFrom(entry) ?? extra?.sizes ?? facts.sizes.get(uuid)
      if (sizes === undefined) continue // Gone between the calls.
      if (extra !== undefined && sizesFrom(entry) === undefined) facts.sizes.set(uuid, extra.sizes)
      const state =
        entry?.fields.has('state.state') === true
          ? stateFromNumber(entry.fields.get('state.state'))
          : (extra?.state ?? 'unknown')
      const summary: DomainSummary = {
        hostId: this.conn.hostId,
        uuid,
        name,
        state,
        ...sizes,
        autostart: autostartNames.has(name),
        persistent: !transientNames.has(name),
      }
      const cpu = this.sampleCpu(uuid, entry, at, state, sizes.vcpus)
      if (cpu !== undefined) summary.cpuPercent = cpu
      summaries.push(summary)
    }
    if (options.withOs === true) await this.fillOs(summaries, call)
    else for (const summary of summaries) this.cachedOs(summary)
    return summaries
  }

  /** One domain, fresh (after an event or an action). NOT_FOUND when it no longer exists. */
  async get(ref: DomainRef, options: { withOs?: boolean } = {}): Promise<DomainSummary> {
    const target = refTarget(ref)
    let infoText: string
    let statsText: string
    try {
      ;[infoText, statsText] = await Promise.all([
        this.conn.read(['dominfo', '--domain', target]),
        this.domstats(['--', target], {}),
      ])
    } catch (error) {
      throw domainNotFound(error, ref, this.conn.where)
    }
    const at = Date.now()
    const info = parseDominfo(infoText)
    if (info === undefined) throw noLongerExists(ref, this.conn.where)
    const entry = parseDomstats(statsText)[0]
    const sizes = sizesFrom(entry) ?? info.sizes
    const state =
      entry?.fields.has('state.state') === true
        ? stateFromNumber(entry.fields.get('state.state'))
        : info.state
    // dominfo pads its values (a name with leading blanks reads trimmed); domstats prints it exactly.
    const name = entry?.name ?? (typeof ref === 'string' && ref.trim() === info.name ? ref : info.name)
    this.conn.facts.learn(name, info.uuid)
    const summary: DomainSummary = {
      hostId: this.conn.hostId,
      uuid: info.uuid,
      name,
      state,
      ...sizes,
      autostart: info.autostart,
      persistent: info.persistent,
    }
    const cpu = this.sampleCpu(info.uuid, entry, at, state, sizes.vcpus)
    if (cpu !== undefined) summary.cpuPercent = cpu
    if (options.withOs === false) this.cachedOs(summary)
    else await this.fillOs([summary], {})
    return summary
  }

  /**
   * Keeps `listener` told about each domain an event names: refetched and `updated`, or `removed`
   * when it is gone; `resync` when the event stream reconnected. Refetches of one domain do not
   * overlap: a burst of events costs at most one more.
   */
  watch(listener: (change: DomainChange) => void): () => void {
    const busy = new Map<string, { again: DomainEvent | undefined }>()
    const refetch = async (event: DomainEvent): Promise<void> => {
      const running = busy.get(event.name)
      if (running !== undefined) {
        running.again = event
        return
      }
      const slot: { again: DomainEvent | undefined } = { again: undefined }
      busy.set(event.name, slot)
      let current: DomainEvent | undefined = event
      while (current !== undefined) {
        const handled: DomainEvent = current
        slot.again = undefined
        try {
          listener({ kind: 'updated', domain: await this.get(handled.name), event: handled })
        } catch (error) {
          if (error instanceof AppError && error.code === 'NOT_FOUND') {
            const uuid = this.conn.facts.uuidOf(handled.name)
            listener({
              kind: 'removed',
              hostId: this.conn.hostId,
              name: handled.name,
              ...(uuid === undefined ? {} : { uuid }),
              event: handled,
            })
          } else log.warn('refetch after an event failed', { name: handled.name, error: String(error) })
        }
        current = slot.again
      }
      busy.delete(event.name)
    }
    const offEvent = this.conn.onDomainEvent((event) => void refetch(event))
    const offResync = this.conn.onResync(() => listener({ kind: 'resync', hostId: this.conn.hostId }))
    return () => {
      offEvent()
      offResync()
    }
  }

  private sampleCpu(
    uuid: string,
    entry: DomstatsEntry | undefined,
    atMs: number,
    state: DomainState,
    vcpus: number,
  ): number | undefined {
    const cpuTimeNs = parseInteger(entry?.fields.get('cpu.time'))
    if (cpuTimeNs === undefined || state !== 'running') {
      this.conn.facts.cpu.delete(uuid)
      return undefined
    }
    const sample = { cpuTimeNs, atMs }
    const percent = cpuPercent(this.conn.facts.cpu.get(uuid), sample, vcpus)
    this.conn.facts.cpu.set(uuid, sample)
    return percent
  }

  /** `domstats` for every domain, or those after `--`; '' on a driver without it (dominfo per domain gives the same). */
  private domstats(domains: string[], call: { signal?: AbortSignal }): Promise<string> {
    return this.conn.read([...DOMSTATS, ...domains], call).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'UNSUPPORTED') return ''
      throw error
    })
  }

  /** dominfo for each domain in one batch: sizes and state (for drivers whose domstats lacks them). */
  private async dominfo(uuids: string[], call: { signal?: AbortSignal }): Promise<Map<string, DominfoFacts>> {
    const out = new Map<string, DominfoFacts>()
    if (uuids.length === 0) return out
    const batch = await this.conn.readBatch(
      uuids.map((uuid) => ['dominfo', uuid]),
      call,
    )
    for (const text of batch.outputs) {
      const info = parseDominfo(text)
      if (info !== undefined) out.set(info.uuid, info)
    }
    return out
  }

  private cachedOs(summary: DomainSummary): void {
    if (!this.conn.factsAreFresh()) return
    const os = this.conn.facts.os.get(summary.uuid)
    if (typeof os === 'string') summary.os = os
  }

  private async fillOs(summaries: DomainSummary[], call: { signal?: AbortSignal }): Promise<void> {
    const fresh = this.conn.factsAreFresh()
    const missing = summaries.filter((s) => !fresh || !this.conn.facts.os.has(s.uuid))
    if (missing.length > 0) {
      const batch = await this.conn.readBatch(
        missing.map((s) => ['metadata', s.uuid, '--uri', LIBOSINFO_NS]),
        call,
      )
      missing.forEach((summary, i) => {
        const id = parseLibosinfoId(batch.outputs[i] ?? '')
        this.conn.facts.os.set(summary.uuid, id === undefined ? null : osLabel(id))
      })
    }
    for (const summary of summaries) {
      const os = this.conn.facts.os.get(summary.uuid)
      if (typeof os === 'string') summary.os = os
    }
  }
}

function sizesFrom(entry: DomstatsEntry | undefined): DomainSizes | undefined {
  const vcpus = parseInteger(entry?.fields.get('vcpu.current'))
  const memoryKiB = parseInteger(entry?.fields.get('balloon.current'))
  const maxMemoryKiB = parseInteger(entry?.fields.get('balloon.maximum'))
  if (vcpus === undefined || memoryKiB === undefined || maxMemoryKiB === undefined) return undefined
  return { vcpus, memoryKiB, maxMemoryKiB }
}

interface DominfoFacts {
  uuid: string
  name: string
  state: DomainState
  sizes: DomainSizes
  persistent: boolean
  autostart: boolean
}

export function parseDominfo(text: string): DominfoFacts | undefined {
  const kv = parseKeyValues(text)
  const uuid = kv.get('UUID')
  const name = /^Name:\s+(.*)$/m.exec(text)?.[1]
  const vcpus = parseInteger(kv.get('CPU(s)'))
  const maxMemoryKiB = parseKiB(kv.get('Max memory'))
  const memoryKiB = parseKiB(kv.get('Used memory'))
  if (
    uuid === undefined ||
    name === undefined ||
    vcpus === undefined ||
    maxMemoryKiB === undefined ||
    memoryKiB === undefined
  )
    return undefined
  return {
    uuid,
    name,
    state: stateFromText(kv.get('State')),
    sizes: { vcpus, memoryKiB, maxMemoryKiB },
    persistent: parseYesNo(kv.get('Persistent')) ?? true,
    autostart: parseYesNo(kv.get('Autostart')) ?? false,
  }
}
