import { AppError } from '@shared/errors.js'
import type { WorkProgress } from '@shared/vms.js'
import type { StoragePool, StorageVolume, VolumeSpec } from '@shared/storage.js'
import { volumeSpecSchema } from '@shared/storage.js'
import type { LibvirtConnection } from './libvirt-connection.js'
import { parseKeyValues, parseNames, parseYesNo } from './virsh-parse.js'
import {
  attr,
  buildElement,
  child,
  createElement,
  createText,
  find,
  parseXml,
  root,
  text,
} from './xml/index.js'
import type { XmlElement } from './xml/index.js'

export interface CreateVolumeOptions {
  signal?: AbortSignal
  onProgress?: (progress: WorkProgress) => void
  /** How often the allocation is polled for progress. Default 500 ms. */
  progressIntervalMs?: number
}

const POOL_STATES = new Set(['running', 'inactive', 'building', 'degraded', 'inaccessible'])

/** Storage pools and their volumes: list, start/stop, autostart; create (with progress) and delete volumes. */
export class StorageService {
  constructor(private readonly conn: LibvirtConnection) {}

  async listPools(): Promise<StoragePool[]> {
    // pool-list pads its --name column with blanks.
    const names = parseNames(await this.conn.read(['pool-list', '--all', '--name']))
      .map((n) => n.trimEnd())
      .filter((n) => n.length > 0)
    if (names.length === 0) return []
    const batch = await this.conn.readBatch(
      names.flatMap((name) => [
        ['pool-info', '--bytes', '--pool', name],
        ['pool-dumpxml', '--pool', name],
      ]),
    )
    const pools: StoragePool[] = []
    names.forEach((name, i) => {
      const info = parseKeyValues(batch.outputs[2 * i] ?? '')
      const xml = batch.outputs[2 * i + 1] ?? ''
      if (!info.has('UUID')) return // Gone between the calls.
      const state = info.get('State') ?? 'unknown'
      const pool: StoragePool = {
        hostId: this.conn.hostId,
        name,
        uuid: info.get('UUID') ?? '',
        type: 'unknown',
        state: (POOL_STATES.has(state) ? state : 'unknown') as StoragePool['state'],
        active: state === 'running' || state === 'degraded',
        persistent: parseYesNo(info.get('Persistent')) ?? true,
        autostart: parseYesNo(info.get('Autostart')) ?? false,
        ...bytes('capacity', info.get('Capacity')),
        ...bytes('allocation', info.get('Allocation')),
        ...bytes('available', info.get('Available')),
      }
      try {
        const doc = root(parseXml(xml))
        pool.type = attr(doc, 'type') ?? 'unknown'
        const path = textOf(find(doc, 'target/path'))
        if (path !== undefined) pool.path = path
      } catch {
        // The XML is optional detail.
      }
      pools.push(pool)
    })
    return pools
  }

  startPool(name: string): Promise<void> {
    return this.poolAction('pool.start', name, ['pool-start', '--pool', name])
  }

  stopPool(name: string): Promise<void> {
    return this.poolAction('pool.stop', name, ['pool-destroy', '--pool', name])
  }

  setPoolAutostart(name: string, enabled: boolean): Promise<void> {
    const args = ['pool-autostart', '--pool', name]
    if (!enabled) args.push('--disable')
    return this.poolAction(enabled ? 'pool.autostart.on' : 'pool.autostart.off', name, args)
  }

  async listVolumes(pool: string): Promise<StorageVolume[]> {
    let listing: string
    try {
      listing = await this.conn.read(['vol-list', '--pool', pool])
    } catch (error) {
      throw poolNotFound(error, pool, this.conn.where)
    }
    const names = parseVolList(listing).map((row) => row.name)
    if (names.length === 0) return []
    const batch = await this.conn.readBatch(
      names.map((name) => ['vol-dumpxml', '--pool', pool, '--vol', name]),
    )
    const volumes: StorageVolume[] = []
    for (const xml of batch.outputs) {
      const volume = this.readVolume(pool, xml)
      if (volume !== undefined) volumes.push(volume)
    }
    return volumes
  }

  async volume(pool: string, name: string): Promise<StorageVolume> {
    let xml: string
    try {
      xml = await this.conn.read(['vol-dumpxml', '--pool', pool, '--vol', name])
    } catch (error) {
      throw volumeNotFound(error, pool, name, this.conn.where)
    }
    const volume = this.readVolume(pool, xml)
    if (volume === undefined)
      throw new AppError('NOT_FOUND', `There is no volume “${name}” in pool “${pool}” on ${this.conn.where}`)
    return volume
  }

  /**
   * Creates a volume (`vol-create-as`): qcow2 with preallocated metadata by default. Runs in its own
   * virsh so the connection stays usable; reports the allocation as progress; on cancel removes
   * what was created.
   */
  async createVolume(
    pool: string,
    input: VolumeSpec,
    options: CreateVolumeOptions = {},
  ): Promise<StorageVolume> {
    const spec = volumeSpecSchema.parse(input)
    // vol-create-as writes the name into its XML unescaped ('&' breaks it): VirtDeck writes the XML.
    const allocation = spec.preallocation === 'full' ? spec.capacityBytes : 0
    const xml = volumeXml(spec.name, spec.capacityBytes, allocation, spec.format)
    const metadata = spec.preallocation === 'metadata' && spec.format === 'qcow2'
    const progress = options.onProgress
    return this.conn.audited(
      'volume.create',
      `${pool}/${spec.name}`,
      async () => {
        progress?.({ phase: 'Creating disk', done: 0, total: spec.capacityBytes })
        const stopPolling =
          progress === undefined
            ? () => undefined
            : this.pollAllocation(
                pool,
                spec.name,
                spec.capacityBytes,
                progress,
                options.progressIntervalMs ?? 500,
              )
        const call = options.signal === undefined ? {} : { signal: options.signal }
        try {
          await this.conn.withTempFile(xml, async (path) => {
            const args = ['vol-create', '--pool', pool, '--file', path]
            await this.conn
              .runLong(metadata ? [...args, '--prealloc-metadata'] : args, call)
              .catch((error: unknown) => {
                // Pools whose backend cannot preallocate metadata (the test driver, some network pools): plain qcow2.
                if (!(metadata && error instanceof AppError && error.code === 'UNSUPPORTED')) throw error
                return this.conn.runLong(args, call)
              })
          })
        } catch (error) {
          stopPolling()
          if (error instanceof AppError && error.code === 'CANCELLED')
            await this.removeAfterCancel(pool, spec.name)
          else if (error instanceof AppError && error.code === 'NOT_FOUND')
            throw poolNotFound(error, pool, this.conn.where)
          throw error
        }
        stopPolling()
        const volume = await this.volume(pool, spec.name)
        progress?.({ phase: 'Disk created', done: volume.capacity, total: volume.capacity })
        return volume
      },
      `${spec.format}, ${spec.capacityBytes} bytes, preallocation ${spec.preallocation}`,
    )
  }

  async deleteVolume(pool: string, name: string): Promise<void> {
    return this.conn.audited('volume.delete', `${pool}/${name}`, async () => {
      try {
        await this.conn.run(['vol-delete', '--pool', pool, '--vol', name])
      } catch (error) {
        throw volumeNotFound(error, pool, name, this.conn.where)
      }
    })
  }

  private readVolume(pool: string, xml: string): StorageVolume | undefined {
    if (xml.trim().length === 0) return undefined
    const doc = root(parseXml(xml))
    const capacity = Number(textOf(child(doc, 'capacity')) ?? '0')
    const allocation = Number(textOf(child(doc, 'allocation')) ?? '0')
    const format = attrOf(find(doc, 'target/format'), 'type')
    return {
      hostId: this.conn.hostId,
      pool,
      name: rawText(child(doc, 'name')) ?? '',
      path: textOf(find(doc, 'target/path')) ?? '',
      type: attr(doc, 'type') ?? 'file',
      capacity: Number.isFinite(capacity) ? capacity : 0,
      allocation: Number.isFinite(allocation) ? allocation : 0,
      ...(format === undefined ? {} : { format }),
    }
  }

  /** Polls the volume's allocation while it is being created; returns a stop function. */
  private pollAllocation(
    pool: string,
    name: string,
    total: number,
    onProgress: (p: WorkProgress) => void,
    intervalMs: number,
  ): () => void {
    let stopped = false
    let timer: NodeJS.Timeout | undefined
    const tick = async (): Promise<void> => {
      if (stopped) return
      try {
        const info = parseKeyValues(
          await this.conn.read(['vol-info', '--bytes', '--pool', pool, '--vol', name], { timeoutMs: 10_000 }),
        )
        const done = Number(info.get('Allocation'))
        if (!stopped && Number.isFinite(done))
          onProgress({ phase: 'Creating disk', done: Math.min(done, total), total })
      } catch {
        // Not visible yet, or already done: the next tick or the end says.
      }
      if (!stopped) timer = setTimeout(() => void tick(), intervalMs)
    }
    timer = setTimeout(() => void tick(), intervalMs)
    return () => {
      stopped = true
      if (timer !== undefined) clearTimeout(timer)
    }
  }

  /** libvirt finishes a creation its client gave up on; delete the volume once it can be (up to 60 s). */
  private async removeAfterCancel(pool: string, name: string): Promise<void> {
    const deadline = Date.now() + 60_000
    for (;;) {
      try {
        await this.conn.run(['vol-delete', '--pool', pool, '--vol', name])
        return
      } catch (error) {
        if (error instanceof AppError && error.code === 'NOT_FOUND') {
          // Not created (yet?): libvirt registers the volume before building it, so once the pool
          // is refreshed and it is still absent it is gone for good.
          await this.conn.run(['pool-refresh', '--pool', pool]).catch(() => undefined)
          const still = await this.conn.read(['vol-info', '--pool', pool, '--vol', name]).then(
            () => true,
            () => false,
          )
          if (!still) return
        }
        if (Date.now() > deadline) {
          throw new AppError(
            'COMMAND_FAILED',
            `The disk creation was cancelled, but the volume “${name}” in pool “${pool}” could not be removed`,
            {
              detail: error instanceof Error ? error.message : String(error),
            },
          )
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  }

  private poolAction(action: string, pool: string, args: string[]): Promise<void> {
    return this.conn.audited(action, pool, async () => {
      try {
        await this.conn.run(args)
      } catch (error) {
        throw poolNotFound(error, pool, this.conn.where)
      }
    })
  }
}

/** A volume definition (names escaped by the XML builder). */
export function volumeXml(
  name: string,
  capacityBytes: number,
  allocationBytes: number,
  format: string,
): string {
  const volume = createElement('volume', {}, [
    createElement('name', {}, [createText(name)]),
    createElement('capacity', { unit: 'bytes' }, [createText(String(capacityBytes))]),
    createElement('allocation', { unit: 'bytes' }, [createText(String(allocationBytes))]),
    createElement('target', {}, [createElement('format', { type: format })]),
  ])
  return `${buildElement(volume)}\n`
}

/** `vol-list --pool P` rows (quiet: no header): " name   path". Names in file-based pools cannot contain '/'. */
export function parseVolList(text: string): { name: string; path: string }[] {
  const rows: { name: string; path: string }[] = []
  for (const raw of text.split('\n')) {
    const row = raw.startsWith(' ') ? raw.slice(1) : raw
    if (row.trim().length === 0 || /^-+$/.test(row.trim())) continue
    const slash = row.indexOf('/')
    let start: number
    if (slash === -1) {
      const gap = /\s{2,}/.exec(row)
      start = gap === null ? row.length : gap.index + gap[0].length
    } else {
      start = slash
      while (start > 0 && row[start - 1] !== ' ') start--
    }
    rows.push({ name: row.slice(0, start).trim(), path: row.slice(start).trim() })
  }
  return rows.filter((r) => r.name.length > 0)
}

function bytes<K extends string>(key: K, value: string | undefined): { [P in K]?: number } {
  return (value !== undefined && /^\d+$/.test(value) ? { [key]: Number(value) } : {}) as { [P in K]?: number }
}

function textOf(el: XmlElement | undefined): string | undefined {
  return el === undefined ? undefined : text(el)?.trim()
}

/** Text as written (names may begin or end with blanks). */
function rawText(el: XmlElement | undefined): string | undefined {
  return el === undefined ? undefined : text(el)
}

function attrOf(el: XmlElement | undefined, name: string): string | undefined {
  return el === undefined ? undefined : attr(el, name)
}

function poolNotFound(error: unknown, pool: string, where: string): unknown {
  if (error instanceof AppError && error.code === 'NOT_FOUND' && /pool/i.test(error.message)) {
    return new AppError('NOT_FOUND', `There is no storage pool “${pool}” on ${where}`, {
      cause: error,
      ...(error.detail === undefined ? {} : { detail: error.detail }),
    })
  }
  return error
}

function volumeNotFound(error: unknown, pool: string, name: string, where: string): unknown {
  if (error instanceof AppError && error.code === 'NOT_FOUND') {
    return /pool/i.test(error.message) && !/vol/i.test(error.message)
      ? poolNotFound(error, pool, where)
      : new AppError('NOT_FOUND', `There is no volume “${name}” in pool “${pool}” on ${where}`, {
          cause: error,
          ...(error.detail === undefined ? {} : { detail: error.detail }),
        })
  }
  return error
}
