import type { Handlers } from '../ipc/router.js'
import { StorageService } from '../libvirt/storage.js'
import type { LibvirtConnections } from '../vms/libvirt-connections.js'
import { progressOf } from '../vms/vm-service.js'

type StorageChannels =
  | 'pools.list'
  | 'pools.start'
  | 'pools.stop'
  | 'pools.setAutostart'
  | 'volumes.list'
  | 'volumes.create'
  | 'volumes.delete'

/** Storage pools and volumes on the host's libvirt connection (audited there). Pool changes answer with the fresh list. */
export function storageHandlers(connections: LibvirtConnections): Pick<Handlers, StorageChannels> {
  const storage = async (hostId: string): Promise<StorageService> =>
    new StorageService(await connections.get(hostId))
  return {
    'pools.list': async ({ hostId }) => (await storage(hostId)).listPools(),
    'pools.start': async ({ hostId, name }) => {
      const service = await storage(hostId)
      await service.startPool(name)
      return service.listPools()
    },
    'pools.stop': async ({ hostId, name }) => {
      const service = await storage(hostId)
      await service.stopPool(name)
      return service.listPools()
    },
    'pools.setAutostart': async ({ hostId, name, enabled }) => {
      const service = await storage(hostId)
      await service.setPoolAutostart(name, enabled)
      return service.listPools()
    },
    'volumes.list': async ({ hostId, pool }) => (await storage(hostId)).listVolumes(pool),
    'volumes.create': async ({ hostId, pool, spec }, context) =>
      (await storage(hostId)).createVolume(pool, spec, {
        signal: context.signal,
        onProgress: (p) => context.progress(progressOf(p)),
      }),
    'volumes.delete': async ({ hostId, pool, name }) => {
      await (await storage(hostId)).deleteVolume(pool, name)
      return { deleted: true as const }
    },
  }
}
