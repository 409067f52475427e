import type { Handlers } from '../ipc/router.js'
import { NetworkService } from '../libvirt/networks.js'
import type { LibvirtConnections } from '../vms/libvirt-connections.js'

type NetworkChannels = 'networks.list' | 'networks.start' | 'networks.stop' | 'networks.setAutostart'

/** libvirt's virtual networks on the host's connection (audited there). Changes answer with the fresh list. */
export function networkHandlers(connections: LibvirtConnections): Pick<Handlers, NetworkChannels> {
  const networks = async (hostId: string): Promise<NetworkService> =>
    new NetworkService(await connections.get(hostId))
  return {
    'networks.list': async ({ hostId }) => (await networks(hostId)).list(),
    'networks.start': async ({ hostId, name }) => {
      const service = await networks(hostId)
      await service.start(name)
      return service.list()
    },
    'networks.stop': async ({ hostId, name }) => {
      const service = await networks(hostId)
      await service.stop(name)
      return service.list()
    },
    'networks.setAutostart': async ({ hostId, name, enabled }) => {
      const service = await networks(hostId)
      await service.setAutostart(name, enabled)
      return service.list()
    },
  }
}
