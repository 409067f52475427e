import type { Handlers } from '../ipc/router.js'
import type { VmMiscService } from './service.js'

type VmMiscChannels =
  | 'vms.rename'
  | 'vms.restorePreview'
  | 'audit.query'
  | 'audit.facets'
  | 'overview.host'
  | 'overview.all'
  | 'osinfo.catalog'
  | 'osinfo.recommend'

export function vmMiscHandlers(misc: VmMiscService): Pick<Handlers, VmMiscChannels> {
  return {
    'vms.rename': async ({ newName, ...vm }) => misc.rename(vm, newName),
    'vms.restorePreview': async ({ hostId, historyId }) => misc.restorePreview(hostId, historyId),
    'audit.query': async (query) => misc.auditPage(query),
    'audit.facets': async ({ hostId }) => misc.auditFacets(hostId),
    'overview.host': async ({ hostId }) => misc.overview(hostId),
    'overview.all': async () => misc.overviewAll(),
    'osinfo.catalog': async ({ hostId }) => misc.osCatalog(hostId),
    'osinfo.recommend': async ({ hostId, shortId }) => misc.osRecommendation(hostId, shortId),
  }
}
