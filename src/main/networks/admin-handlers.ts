import type { Handlers } from '../ipc/router.js'
import { NetworkService } from '../libvirt/networks.js'
import type { LibvirtConnections } from '../vms/libvirt-connections.js'
import { NetworkAdmin } from './network-admin.js'

type Channels =
  | 'networks.hostBridges'
  | 'networks.spec'
  | 'networks.preview'
  | 'networks.create'
  | 'networks.edit'
  | 'networks.delete'
  | 'networks.leases'

/** Creating, editing and deleting networks; DHCP leases; the host's bridges. Changes answer with the fresh list. */
export function networkAdminHandlers(connections: LibvirtConnections): Pick<Handlers, Channels> {
  const admin = async (hostId: string): Promise<NetworkAdmin> =>
    new NetworkAdmin(await connections.get(hostId))
  const list = async (hostId: string): Promise<ReturnType<NetworkService['list']>> =>
    new NetworkService(await connections.get(hostId)).list()
  return {
    'networks.hostBridges': async ({ hostId }) => (await admin(hostId)).hostBridges(),
    'networks.spec': async ({ hostId, name }) => (await admin(hostId)).spec(name),
    'networks.preview': async ({ hostId, spec, existing }) => (await admin(hostId)).preview(spec, existing),
    'networks.create': async ({ hostId, spec, start, autostart }) => {
      await (await admin(hostId)).create(spec, start, autostart)
      return list(hostId)
    },
    'networks.edit': async ({ hostId, spec }) => {
      const preview = await (await admin(hostId)).edit(spec)
      return { networks: await list(hostId), warnings: preview.warnings }
    },
    'networks.delete': async ({ hostId, name }) => {
      await (await admin(hostId)).delete(name)
      return list(hostId)
    },
    'networks.leases': async ({ hostId, name }) => (await admin(hostId)).leases(name),
  }
}
