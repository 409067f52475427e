import { z } from 'zod'
import { hostIdSchema as hostId } from './libvirt-names.js'

/** The IP addresses of running VMs: from libvirt's DHCP leases, the guest agent, or the host's ARP table. */

export const ADDRESS_SOURCES = ['lease', 'agent', 'arp'] as const
export type AddressSource = (typeof ADDRESS_SOURCES)[number]

export interface VmAddress {
  /** The host-side interface (vnet0) or, from the agent, the guest's (eth0). */
  interface: string
  mac: string
  family: 'ipv4' | 'ipv6'
  /** With its prefix when known: 192.168.122.85/24. */
  address: string
  source: AddressSource
}

export interface VmAddresses {
  /** The VM's name on the host. */
  name: string
  uuid: string
  addresses: VmAddress[]
}

export const addressesInput = z.object({ hostId }).strict()
export const vmAddressesInput = z.object({ hostId, name: z.string().min(1).max(200) }).strict()
