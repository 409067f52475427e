import type { AuditFacets, AuditPage, AuditQueryParsed } from '@shared/audit.js'
import { AppError, toErrorPayload } from '@shared/errors.js'
import type { OsCatalog, OsRecommendation } from '@shared/osinfo.js'
import type { HostOverview, HostTotals, OverviewAll } from '@shared/overview.js'
import type { DomainState, DomainSummary } from '@shared/vms.js'
import { DomainInventory } from '../libvirt/domain-list.js'
import type { HostRegistry } from '../services/host-registry.js'
import type { Store } from '../store/index.js'
import type { LibvirtConnections } from '../vms/libvirt-connections.js'
import { AuditQueryRepo } from './audit-query.js'
import { readHostTotals } from './host-totals.js'
import { OsinfoReader } from './osinfo.js'
import { renameDomain } from './vm-rename.js'
import { restorePreview } from './restore-preview.js'
import type { RestorePreview } from '@shared/xml-restore.js'

export interface VmMiscOptions {
  store: Store
  registry: HostRegistry
  connections: LibvirtConnections
}

/** Running or paused: what holds the host's CPUs and memory. */
const HOLDING: readonly DomainState[] = ['running', 'paused', 'blocked', 'pmsuspended', 'shutdown']

/** Counts and allocations of a host's VMs (pure: for the Overview and its tests). */
export function summarise(domains: readonly DomainSummary[]): Pick<HostOverview, 'vms' | 'allocated'> {
  const byState: Partial<Record<DomainState, number>> = {}
  let vcpus = 0
  let memoryKiB = 0
  for (const d of domains) {
    byState[d.state] = (byState[d.state] ?? 0) + 1
    if (HOLDING.includes(d.state)) {
      vcpus += d.vcpus
      memoryKiB += d.memoryKiB
    }
  }
  return { vms: { total: domains.length, byState }, allocated: { vcpus, memoryKiB } }
}

/**
 * Rename, the audit log as a page, the host Overview's numbers and the OS database for the
 * wizard: the VM-management pieces around the VM list, each on the existing connections.
 */
export class VmMiscService {
  private readonly auditQuery: AuditQueryRepo
  private readonly catalogs = new Map<string, { at: number; value: Promise<OsCatalog> }>()

  constructor(private readonly options: VmMiscOptions) {
    this.auditQuery = new AuditQueryRepo(options.store.db)
  }

  async rename(
    vm: { hostId: string; uuid: string; name?: string | undefined },
    newName: string,
  ): Promise<DomainSummary> {
    const conn = await this.options.connections.get(vm.hostId)
    const domain = await renameDomain(conn, this.options.store.db, vm, newName)
    this.options.connections.announce(vm.hostId, { kind: 'updated', domain, event: 'Renamed' })
    return domain
  }

  async restorePreview(hostId: string, historyId: number): Promise<RestorePreview> {
    return restorePreview(await this.options.connections.get(hostId), this.options.store.db, historyId)
  }

  auditPage(query: AuditQueryParsed): AuditPage {
    return this.auditQuery.page(query)
  }

  auditFacets(hostId?: string): AuditFacets {
    return this.auditQuery.facets(hostId)
  }

  async overview(hostId: string): Promise<HostOverview> {
    const record = this.options.store.hosts.get(hostId)
    if (record === undefined)
      throw new AppError('NOT_FOUND', 'That host is no longer saved', {
        detail: 'Pick a host from the sidebar.',
      })
    const problems: HostOverview['problems'] = []
    const [domains, totals] = await Promise.all([
      this.options.connections
        .get(hostId)
        .then((conn) => new DomainInventory(conn).list())
        .catch((error: unknown) => {
          problems.push(toErrorPayload(error))
          return [] as DomainSummary[]
        }),
      this.options.registry
        .get(hostId)
        .then((host) => readHostTotals(host))
        .catch((error: unknown): HostTotals | undefined => {
          problems.push(toErrorPayload(error))
          return undefined
        }),
    ])
    return {
      hostId,
      hostName: record.name,
      ...summarise(domains),
      ...(totals === undefined ? {} : { totals }),
      problems,
    }
  }

  /** Every saved host's row (a disconnected host is not connected to just for this). */
  async overviewAll(): Promise<OverviewAll> {
    const hosts = this.options.store.hosts.list()
    return {
      hosts: await Promise.all(
        hosts.map(async (host) => {
          const connected = this.options.registry.state(host.id).status === 'connected'
          if (!connected)
            return {
              hostId: host.id,
              hostName: host.name,
              connected,
              vms: { total: 0, byState: {} },
              allocated: { vcpus: 0, memoryKiB: 0 },
              problems: [{ code: 'HOST_UNREACHABLE' as const, message: `${host.name} is not connected` }],
            }
          return { ...(await this.overview(host.id)), connected }
        }),
      ),
    }
  }

  /** osinfo-query loads the whole database (about 2 s): kept per host for 10 minutes, a failure not kept. */
  async osCatalog(hostId: string): Promise<OsCatalog> {
    const cached = this.catalogs.get(hostId)
    if (cached !== undefined && Date.now() - cached.at < 10 * 60_000) return cached.value
    const value = this.options.registry.get(hostId).then((host) => new OsinfoReader(host).catalog())
    this.catalogs.set(hostId, { at: Date.now(), value })
    value.catch(() => this.catalogs.delete(hostId))
    return value
  }

  async osRecommendation(hostId: string, shortId: string): Promise<OsRecommendation> {
    return new OsinfoReader(await this.options.registry.get(hostId)).recommend(shortId)
  }
}
