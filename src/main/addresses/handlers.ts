import type { Handlers } from '../ipc/router.js'
import type { LibvirtConnections } from '../vms/libvirt-connections.js'
import { VmAddressService } from './addresses.js'

/** Running VMs' IP addresses (DHCP leases, guest agent, ARP). */
export function addressHandlers(
  connections: LibvirtConnections,
): Pick<Handlers, 'vms.addresses' | 'vms.addressesOf'> {
  return {
    'vms.addresses': async ({ hostId }) => new VmAddressService(await connections.get(hostId)).all(),
    'vms.addressesOf': async ({ hostId, name }) =>
      new VmAddressService(await connections.get(hostId)).of(name),
  }
}
