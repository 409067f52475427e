import { readFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import type { HostConnectionState, HostInputParsed } from '@shared/hosts.js'
import { libvirtUriProblem } from '@shared/hosts.js'
import { AppError } from '@shared/errors.js'
import type { Host, PasswordPrompter } from '../host/host.js'
import { LocalHost } from '../host/local-host.js'
import { SshHost } from '../host/ssh-host.js'
import type { SshAuth } from '../host/ssh-host.js'
import type { EventBus } from '../ipc/event-bus.js'
import type { Store } from '../store/index.js'
import type { HostRecord } from '../store/hosts-repo.js'
import { hostRecordFromInput } from './host-record.js'

export interface HostRegistryOptions {
  store: Store
  bus: EventBus
  prompter: PasswordPrompter
  /** Where `~` in key paths points (injected for tests). */
  homeDir?: string
  /** Short delays in tests; the app uses the defaults. */
  reconnect?: { initialDelayMs: number; maxDelayMs: number }
}

export function secretOwner(hostId: string): string {
  return `host:${hostId}`
}

/** The live connection of every saved host: built on demand from its profile, one per host. */
export class HostRegistry {
  private readonly hosts = new Map<string, { host: Host; unsubscribe: () => void }>()
  private readonly building = new Map<string, Promise<Host>>()
  /** Why a host could not even be set up (no key file, no agent): shown as its state until the next try. */
  private readonly setupFailures = new Map<string, HostConnectionState>()
  private readonly homeDir: string
  private readonly dropListeners = new Set<(id: string) => Promise<void>>()

  constructor(private readonly options: HostRegistryOptions) {
    this.homeDir = options.homeDir ?? homedir()
  }

  state(id: string): HostConnectionState {
    const entry = this.hosts.get(id)
    if (entry) return entry.host.state()
    const failure = this.setupFailures.get(id)
    if (failure) return failure
    // This computer needs no connection: it is there as long as the app runs.
    return this.options.store.hosts.get(id)?.kind === 'local'
      ? { status: 'connected' }
      : { status: 'disconnected' }
  }

  /** The saved profile of host `id`; NOT_FOUND when it was removed. */
  record(id: string): HostRecord {
    const record = this.options.store.hosts.get(id)
    if (!record)
      throw new AppError('NOT_FOUND', 'That host no longer exists.', {
        detail: `No saved host has id ${id}.`,
      })
    return record
  }

  /** The host's connection (not yet connected for SSH: calls connect lazily). */
  async get(id: string): Promise<Host> {
    const existing = this.hosts.get(id)
    if (existing) return existing.host
    // Callers at the same moment (start-up connectAll, a view, libvirt) share one build, not one each.
    let building = this.building.get(id)
    if (building === undefined) {
      building = this.create(id).finally(() => this.building.delete(id))
      this.building.set(id, building)
    }
    return building
  }

  private async create(id: string): Promise<Host> {
    const record = this.record(id)
    let host: Host
    try {
      // A profile stored by an older VirtDeck (or edited in the database) is listed and editable, never used.
      const uriProblem = libvirtUriProblem(record.libvirtUri)
      if (uriProblem !== undefined)
        throw new AppError('INVALID_INPUT', uriProblem, {
          detail: `Nothing was run. Edit “${record.name}” and set its libvirt URI to qemu:///system (or qemu:///session).`,
        })
      const secret = this.options.store.secrets.has(secretOwner(id))
        ? await this.options.store.secrets.get(secretOwner(id))
        : undefined
      host = await this.build(record, secret)
    } catch (error) {
      const state: HostConnectionState = {
        status: 'error',
        reason: error instanceof Error ? error.message : String(error),
        ...(error instanceof AppError ? { code: error.code } : {}),
      }
      this.setupFailures.set(id, state)
      this.options.bus.emit('host.state', { hostId: id, state })
      throw error
    }
    this.setupFailures.delete(id)
    this.adopt(id, host)
    return host
  }

  async connect(id: string): Promise<HostConnectionState> {
    const host = await this.get(id)
    if (host instanceof SshHost) await host.connect()
    return host.state()
  }

  /** Closes and forgets the connection; the next `get` builds it again from the (maybe edited) profile. */
  async drop(id: string): Promise<void> {
    this.setupFailures.delete(id)
    // What runs on the connection (libvirt sessions, event streams) ends first, while the link still works.
    await Promise.all([...this.dropListeners].map((listener) => listener(id).catch(() => undefined)))
    const entry = this.hosts.get(id)
    if (!entry) return
    this.hosts.delete(id)
    await entry.host.close()
    entry.unsubscribe()
    this.options.bus.emit('host.state', { hostId: id, state: { status: 'disconnected' } })
  }

  /** A throw-away connection for a host that is not saved yet ("Test connection" in the Add dialog). */
  async buildDraft(input: HostInputParsed): Promise<Host> {
    const record = hostRecordFromInput('draft', input, '')
    return this.build(record, input.kind === 'ssh' ? input.secret : undefined, { reconnect: false })
  }

  /** Called before a host's connection is closed (disconnect, profile edited or removed, app quits). */
  onDrop(listener: (id: string) => Promise<void>): () => void {
    this.dropListeners.add(listener)
    return () => this.dropListeners.delete(listener)
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.hosts.keys()].map((id) => this.drop(id)))
  }

  /**
   * Test seam: serve `host` as the live connection of the saved host `id` (e.g. a temp-root host
   * standing for a whole machine), instead of building one from the profile. Replaces any existing one.
   */
  register(id: string, host: Host): void {
    this.hosts.get(id)?.unsubscribe()
    this.adopt(id, host)
  }

  /** Serves `host` as the connection of `id`, its state changes going out as `host.state`. */
  private adopt(id: string, host: Host): void {
    const unsubscribe = host.onStateChange((state) =>
      this.options.bus.emit('host.state', { hostId: id, state }),
    )
    this.hosts.set(id, { host, unsubscribe })
  }

  private async build(
    record: HostRecord,
    secret: string | undefined,
    options: { reconnect?: boolean } = {},
  ): Promise<Host> {
    if (record.kind === 'local') return new LocalHost({ id: record.id, prompter: this.options.prompter })
    if (!record.hostname || !record.username || !record.auth) {
      throw new AppError('INVALID_INPUT', `The profile of ${record.name} is incomplete.`, {
        detail: 'Edit the host and fill in its address, user and authentication.',
      })
    }
    const knownHosts = this.options.store.knownHosts
    return new SshHost({
      id: record.id,
      hostname: record.hostname,
      port: record.port ?? 22,
      username: record.username,
      auth: await this.auth(record, secret),
      verifyHostKey: ({ address, fingerprint }) => knownHosts.verify(address, fingerprint),
      prompter: this.options.prompter,
      ...(options.reconnect === false
        ? { reconnect: { initialDelayMs: 0, maxDelayMs: 0, maxAttempts: 0 } }
        : this.options.reconnect
          ? { reconnect: this.options.reconnect }
          : {}),
    })
  }

  private async auth(record: HostRecord, secret: string | undefined): Promise<SshAuth> {
    switch (record.auth) {
      case 'password':
        if (secret === undefined) {
          throw new AppError('AUTH_FAILED', `No password is saved for ${record.name}.`, {
            detail: 'Edit the host and enter the password.',
          })
        }
        return { method: 'password', password: secret }
      case 'key': {
        const path = (record.keyPath ?? '').replace(/^~(?=\/|$)/, this.homeDir)
        let privateKey: Buffer
        try {
          privateKey = await readFile(path)
        } catch (error) {
          throw new AppError('AUTH_FAILED', `Cannot read the private key file ${path}.`, {
            detail: `${error instanceof Error ? error.message : String(error)}\nChoose an existing key file in the host's settings.`,
          })
        }
        return secret === undefined
          ? { method: 'key', privateKey }
          : { method: 'key', privateKey, passphrase: secret }
      }
      default: {
        const agentSocket = process.env['SSH_AUTH_SOCK']
        if (!agentSocket) {
          throw new AppError('AUTH_FAILED', 'No SSH agent is running (SSH_AUTH_SOCK is not set).', {
            detail:
              'Start ssh-agent and add your key (ssh-add), or choose key-file or password authentication for this host.',
          })
        }
        return { method: 'agent', agentSocket }
      }
    }
  }
}
