import { randomUUID } from 'node:crypto'
import type {
  HostConnectionState,
  HostInputParsed,
  HostTestReport,
  HostUpdateResult,
  HostView,
  SshConfigEntry,
} from '@shared/hosts.js'
import { AppError } from '@shared/errors.js'
import type { CallContext } from '../ipc/router.js'
import type { EventBus } from '../ipc/event-bus.js'
import type { Store } from '../store/index.js'
import type { HostRecord } from '../store/hosts-repo.js'
import type { Auditor } from '../services/auditor.js'
import type { HostRegistry } from '../services/host-registry.js'
import { secretOwner } from '../services/host-registry.js'
import { probeHost } from './host-probe.js'
import { hostRecordFromInput } from '../services/host-record.js'
import { parseSshConfig } from './ssh-config.js'

/** Where a saved secret is used: the same password on another address, port, user or method would be sent elsewhere. */
function endpointChanged(before: HostRecord, after: HostRecord): boolean {
  return (
    before.kind !== after.kind ||
    before.hostname !== after.hostname ||
    (before.port ?? 22) !== (after.port ?? 22) ||
    before.username !== after.username ||
    before.auth !== after.auth ||
    before.keyPath !== after.keyPath
  )
}

export const DEFAULT_HOST_NAME = 'This computer'
/** The id of "This computer": created on first start, never deleted. */
export const LOCAL_HOST_ID = 'local'
const FIRST_START_KEY = 'internal.firstStartDone'

export interface HostServiceOptions {
  store: Store
  bus: EventBus
  registry: HostRegistry
  auditor: Auditor
  /** Reads ~/.ssh/config of the local user; injected for tests. */
  readSshConfig: () => Promise<string>
  homeDir: string
  now?: () => Date
}

/** Saved hosts: profiles, their connections, connection tests, host keys. */
export class HostService {
  constructor(private readonly options: HostServiceOptions) {}

  /** First start: "This computer" on qemu:///system, so the app is useful with zero configuration. */
  ensureDefaultHost(): void {
    const { db, hosts } = this.options.store
    const done = db.prepare('SELECT 1 FROM settings WHERE key = ?').get(FIRST_START_KEY) !== undefined
    if (done) return
    db.transaction(() => {
      if (hosts.count() === 0) {
        hosts.upsert({
          id: LOCAL_HOST_ID,
          name: DEFAULT_HOST_NAME,
          kind: 'local',
          libvirtUri: 'qemu:///system',
          createdAt: this.now().toISOString(),
        })
      }
      db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(FIRST_START_KEY, 'true')
    })()
  }

  list(): HostView[] {
    return this.options.store.hosts.list().map((record) => this.view(record))
  }

  get(id: string): HostView {
    return this.view(this.record(id))
  }

  /** Finds a host by id or by name (the CLI names hosts). */
  resolve(idOrName: string): HostView {
    const record = this.options.store.hosts.get(idOrName) ?? this.options.store.hosts.findByName(idOrName)
    if (!record)
      throw new AppError('NOT_FOUND', `No host is called “${idOrName}”.`, {
        detail: 'List the hosts with: virtdeck hosts list',
      })
    return this.view(record)
  }

  async add(input: HostInputParsed): Promise<HostView> {
    const id = randomUUID()
    return this.options.auditor.runAsync({ hostId: id, target: input.name, action: 'host.add' }, async () => {
      this.assertNameFree(input.name)
      await this.save(id, input, this.now().toISOString())
      this.options.bus.emit('hosts.changed', { reason: 'added', hostId: id })
      return this.get(id)
    })
  }

  async update(id: string, input: HostInputParsed): Promise<HostUpdateResult> {
    const existing = this.record(id)
    return this.options.auditor.runAsync(
      { hostId: id, target: input.name, action: 'host.update' },
      async () => {
        this.assertNameFree(input.name, id)
        // A password saved for one machine must not be offered to another: a changed endpoint forgets it.
        const hadSecret = this.options.store.secrets.has(secretOwner(id))
        const moved = endpointChanged(existing, hostRecordFromInput(id, input, existing.createdAt))
        const newSecret = input.kind === 'ssh' && input.secret !== undefined && input.secret !== ''
        await this.save(id, input, existing.createdAt, moved && !newSecret)
        await this.options.registry.drop(id)
        this.options.bus.emit('hosts.changed', { reason: 'updated', hostId: id })
        const view = this.get(id)
        if (!(hadSecret && moved && !newSecret)) return view
        return {
          ...view,
          secretCleared: true as const,
          notice: `The saved password was forgotten because the address, port, user or sign-in method of ${input.name} changed. Enter it again to save it for the new endpoint.`,
        }
      },
    )
  }

  async remove(id: string): Promise<{ removed: true }> {
    const existing = this.record(id)
    return this.options.auditor.runAsync(
      { hostId: id, target: existing.name, action: 'host.remove' },
      async () => {
        if (id === LOCAL_HOST_ID)
          throw new AppError(
            'CONFLICT',
            `“${existing.name}” is the computer VirtDeck runs on; it cannot be deleted.`,
            {
              detail:
                'It is the machine VirtDeck runs on. To use another libvirt URI here, edit it; to hide its VMs, add the hosts you want and work there.',
            },
          )
        await this.options.registry.drop(id)
        this.options.store.db.transaction(() => {
          this.options.store.hosts.remove(id)
          this.options.store.secrets.remove(secretOwner(id))
        })()
        this.options.bus.emit('hosts.changed', { reason: 'removed', hostId: id })
        return { removed: true as const }
      },
    )
  }

  async connect(id: string): Promise<HostConnectionState> {
    this.record(id)
    return this.options.registry.connect(id)
  }

  /** At start-up: connects every saved host; failures show as the host's state, not as errors. */
  async connectAll(): Promise<void> {
    await Promise.all(
      this.options.store.hosts
        .list()
        .map((host) => this.options.registry.connect(host.id).catch(() => undefined)),
    )
  }

  async disconnect(id: string): Promise<HostConnectionState> {
    this.record(id)
    await this.options.registry.drop(id)
    return { status: 'disconnected' }
  }

  async test(id: string, context: CallContext): Promise<HostTestReport> {
    const record = this.record(id)
    await this.options.registry.connect(id)
    return probeHost(await this.options.registry.get(id), record.libvirtUri, record.name, context)
  }

  async testDraft(input: HostInputParsed, context: CallContext): Promise<HostTestReport> {
    const host = await this.options.registry.buildDraft(input)
    try {
      if ('connect' in host && typeof host.connect === 'function')
        await (host.connect as () => Promise<void>)()
      return await probeHost(host, input.libvirtUri, input.name, context)
    } finally {
      await host.close()
    }
  }

  acceptKey(address: string, keyType: string, fingerprint: string): { accepted: true } {
    return this.options.auditor.run(
      { hostId: null, target: address, action: 'hostkey.accept', detail: `${keyType} ${fingerprint}` },
      () => {
        this.options.store.knownHosts.accept(address, keyType, fingerprint)
        return { accepted: true as const }
      },
    )
  }

  forgetKey(address: string): { forgotten: number } {
    return this.options.auditor.run({ hostId: null, target: address, action: 'hostkey.forget' }, () => ({
      forgotten: this.options.store.knownHosts.forget(address),
    }))
  }

  async sshConfig(): Promise<SshConfigEntry[]> {
    let text: string
    try {
      text = await this.options.readSshConfig()
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw new AppError('PERMISSION_DENIED', 'Cannot read ~/.ssh/config.', {
        detail: error instanceof Error ? error.message : String(error),
      })
    }
    return parseSshConfig(text, this.options.homeDir)
  }

  private async save(
    id: string,
    input: HostInputParsed,
    createdAt: string,
    forgetSecret = false,
  ): Promise<void> {
    const { store } = this.options
    const record = hostRecordFromInput(id, input, createdAt)
    const secret = input.kind === 'ssh' && input.auth !== 'agent' ? input.secret : undefined
    // Sealed first (the keyring answers asynchronously), written with the profile in one transaction.
    const sealed = secret !== undefined && secret !== '' ? await store.secrets.seal(secret) : undefined
    store.db.transaction(() => {
      store.hosts.upsert(record)
      if (input.kind === 'local' || input.auth === 'agent' || forgetSecret)
        store.secrets.remove(secretOwner(id))
      else if (sealed !== undefined) store.secrets.putSealed(secretOwner(id), sealed)
    })()
  }

  private assertNameFree(name: string, exceptId?: string): void {
    const other = this.options.store.hosts.findByName(name)
    if (other && other.id !== exceptId) {
      throw new AppError('CONFLICT', `A host called “${name}” exists already.`, {
        detail: 'Choose another name.',
        // The form shows it at the Name field.
        data: { field: 'name' },
      })
    }
  }

  private record(id: string): HostRecord {
    return this.options.registry.record(id)
  }

  private view(record: HostRecord): HostView {
    return {
      ...record,
      hasSecret: this.options.store.secrets.has(secretOwner(record.id)),
      state: this.options.registry.state(record.id),
    }
  }

  private now(): Date {
    return this.options.now?.() ?? new Date()
  }
}
