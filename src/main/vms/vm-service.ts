import { AppError, toErrorPayload } from '@shared/errors.js'
import type { VmAction, VmDefineResult, VmListAll, VmXmlPreview } from '@shared/vms.js'
import type { VmCreatePreview, VmCreateResult, VmNameCheck } from '@shared/vm-create.js'
import type {
  DeleteResult,
  DeletionPlan,
  DomainDetails,
  DomainRef,
  DomainSummary,
  LibvirtConnectionState,
  WorkProgress,
  XmlHistoryEntry,
} from '@shared/vms.js'
import type { CreateVmSpec, HostVmCapabilities } from '@shared/vm-create.js'
import { domainNameSchema } from '@shared/vm-create.js'
import type { CallContext } from '../ipc/router.js'
import { DomainActions } from '../libvirt/domain-actions.js'
import { DomainCreator } from '../libvirt/domain-create.js'
import { DomainDetailsService } from '../libvirt/domain-details.js'
import { DomainInventory } from '../libvirt/domain-list.js'
import { DomainXmlEditor } from '../libvirt/domain-xml-edit.js'
import type { DefineOptions } from '../libvirt/domain-xml-edit.js'
import type { LibvirtConnection } from '../libvirt/libvirt-connection.js'
import { XmlHistoryRepo } from '../libvirt/xml-history-repo.js'
import type { Store } from '../store/index.js'
import type { HostRegistry } from '../services/host-registry.js'
import type { LibvirtConnections } from './libvirt-connections.js'

export interface VmServiceOptions {
  store: Store
  registry: HostRegistry
  connections: LibvirtConnections
}

/** A VM as the channels name it: exactly by UUID, with its name for messages when known. */
export interface VmRef {
  hostId: string
  uuid: string
  name?: string | undefined
}

function ref(vm: VmRef): DomainRef {
  return vm.name === undefined ? { uuid: vm.uuid } : { uuid: vm.uuid, name: vm.name }
}

/** A long step's progress as the router reports it: the phase, and how far when bytes are known. */
export function progressOf(p: WorkProgress): { message: string; fraction?: number } {
  if (p.done === undefined || p.total === undefined || p.total <= 0) return { message: p.phase }
  const fraction = Math.min(1, p.done / p.total)
  return { message: `${p.phase} (${Math.round(fraction * 100)} %)`, fraction }
}

/**
 * The virtual machines of every host, on the libvirt services of its connection: inventory,
 * lifecycle, details, XML editing with history, creation. Mutations are audited by the connection
 * (it carries the app's Auditor); each one also announces the VM's new state as `vm.changed`, so
 * every window updates even on drivers without an event stream.
 */
export class VmService {
  private readonly historyRepo: XmlHistoryRepo

  constructor(private readonly options: VmServiceOptions) {
    this.historyRepo = new XmlHistoryRepo(options.store.db)
  }

  private conn(hostId: string): Promise<LibvirtConnection> {
    return this.options.connections.get(hostId)
  }

  async connection(hostId: string): Promise<LibvirtConnectionState> {
    return (await this.conn(hostId)).state()
  }

  async list(hostId: string): Promise<DomainSummary[]> {
    return new DomainInventory(await this.conn(hostId)).list({ withOs: true })
  }

  /** Every connected host's VMs (This computer always); a host that fails is reported in its entry. */
  async listAll(): Promise<VmListAll> {
    const hosts = this.options.store.hosts.list()
    const results = await Promise.all(
      hosts.map(async (host) => {
        const base = { hostId: host.id, hostName: host.name }
        if (this.options.registry.state(host.id).status !== 'connected') {
          return {
            ...base,
            domains: [],
            error: {
              code: 'HOST_UNREACHABLE' as const,
              message: `${host.name} is not connected`,
              detail: 'Connect it from its Overview page.',
            },
          }
        }
        try {
          return { ...base, domains: await this.list(host.id) }
        } catch (error) {
          return { ...base, domains: [], error: toErrorPayload(error) }
        }
      }),
    )
    return { hosts: results }
  }

  async get(vm: VmRef): Promise<DomainSummary> {
    return new DomainInventory(await this.conn(vm.hostId)).get(ref(vm))
  }

  async details(vm: VmRef): Promise<DomainDetails> {
    return new DomainDetailsService(await this.conn(vm.hostId)).details(ref(vm))
  }

  async action(vm: VmRef, action: VmAction): Promise<DomainSummary> {
    const conn = await this.conn(vm.hostId)
    try {
      await new DomainActions(conn).run(action, ref(vm))
    } catch (error) {
      if (error instanceof AppError && error.code === 'NOT_FOUND')
        this.options.connections.announce(vm.hostId, {
          kind: 'removed',
          uuid: vm.uuid,
          name: vm.name ?? vm.uuid,
        })
      throw error
    }
    return this.refreshed(conn, vm, action)
  }

  async setAutostart(vm: VmRef, enabled: boolean): Promise<DomainSummary> {
    const conn = await this.conn(vm.hostId)
    await new DomainActions(conn).setAutostart(ref(vm), enabled)
    return this.refreshed(conn, vm, 'Autostart')
  }

  async deletionPlan(vm: VmRef): Promise<DeletionPlan> {
    return new DomainActions(await this.conn(vm.hostId)).deletionPlan(ref(vm))
  }

  async delete(vm: VmRef, removeStorage: readonly string[], forceOff: boolean): Promise<DeleteResult> {
    const result = await new DomainActions(await this.conn(vm.hostId)).delete(ref(vm), {
      removeStorage,
      forceOff,
    })
    this.options.connections.announce(vm.hostId, { kind: 'removed', uuid: vm.uuid, name: vm.name ?? vm.uuid })
    return result
  }

  async xml(vm: VmRef, inactive: boolean): Promise<string> {
    return new DomainDetailsService(await this.conn(vm.hostId)).xml(ref(vm), { inactive })
  }

  /**
   * The diff against the persistent definition and libvirt's verdict. XML libvirt refuses is not an
   * error here: the diff is still shown, with libvirt's reasons, so the user can fix it.
   */
  async xmlPreview(vm: VmRef, xml: string): Promise<VmXmlPreview> {
    return this.editor(await this.conn(vm.hostId)).previewEdit(ref(vm), xml)
  }

  async define(
    vm: VmRef,
    xml: string,
    reason: string | undefined,
    baseHash?: string,
    options: DefineOptions = {},
  ): Promise<VmDefineResult> {
    const conn = await this.conn(vm.hostId)
    const result = await this.editor(conn).define(
      ref(vm),
      xml,
      reason ?? 'Edited in VirtDeck',
      baseHash,
      options,
    )
    if (result.changed) await this.refreshed(conn, vm, 'Defined').catch(() => undefined)
    return result
  }

  async history(vm: VmRef): Promise<XmlHistoryEntry[]> {
    return this.editor(await this.conn(vm.hostId)).historyOf(ref(vm))
  }

  async restore(hostId: string, historyId: number): Promise<VmDefineResult> {
    const conn = await this.conn(hostId)
    const editor = this.editor(conn)
    const entry = editor.historyEntry(historyId)
    const result = await editor.restore(historyId)
    const vm: VmRef = { hostId, uuid: entry.uuid ?? entry.name, name: entry.name }
    if (entry.uuid !== undefined) await this.refreshed(conn, vm, 'Defined').catch(() => undefined)
    return result
  }

  async capabilities(hostId: string): Promise<HostVmCapabilities> {
    return new DomainCreator(await this.conn(hostId)).capabilities()
  }

  /** For the wizard, as the name is typed: acceptable, and free on the host. */
  async checkName(hostId: string, name: string): Promise<VmNameCheck> {
    const parsed = domainNameSchema.safeParse(name)
    if (!parsed.success)
      return { name, available: false, problem: parsed.error.issues[0]?.message ?? 'Not a valid name' }
    try {
      await new DomainInventory(await this.conn(hostId)).get(name, { withOs: false })
      return { name, available: false, problem: `A VM named “${name}” already exists on this host` }
    } catch (error) {
      if (error instanceof AppError && error.code === 'NOT_FOUND') return { name, available: true }
      throw error
    }
  }

  async createPreview(hostId: string, spec: CreateVmSpec): Promise<VmCreatePreview> {
    return new DomainCreator(await this.conn(hostId)).previewCreate(spec)
  }

  async create(
    hostId: string,
    spec: CreateVmSpec,
    start: boolean,
    context: CallContext,
  ): Promise<VmCreateResult> {
    const conn = await this.conn(hostId)
    const result = await new DomainCreator(conn).create(spec, {
      start,
      signal: context.signal,
      onProgress: (p) => context.progress(progressOf(p)),
    })
    await this.refreshed(conn, { hostId, uuid: result.uuid, name: result.name }, 'Defined').catch(
      () => undefined,
    )
    return result
  }

  private editor(conn: LibvirtConnection): DomainXmlEditor {
    return new DomainXmlEditor(conn, this.historyRepo, this.options.store.secrets)
  }

  /** The VM as it is now, announced to every window. */
  private async refreshed(conn: LibvirtConnection, vm: VmRef, event: string): Promise<DomainSummary> {
    const domain = await new DomainInventory(conn).get(ref(vm))
    this.options.connections.announce(vm.hostId, { kind: 'updated', domain, event })
    return domain
  }
}
