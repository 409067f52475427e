import type { VmAddress, VmAddresses } from '../addresses.js'
import * as addrIn from '../addresses.js'
import { call } from './define.js'

/** The addresses of running VMs. */
export const addressesChannels = {
  /** Addresses of every running VM of a host (DHCP leases, guest agent, ARP). */
  'vms.addresses': call<VmAddresses[]>()(addrIn.addressesInput),
  'vms.addressesOf': call<VmAddress[]>()(addrIn.vmAddressesInput),
} as const
