import type { DhcpLease, HostBridge, NetworkPreview, NetworkSpec } from '../network-create.js'
import * as netAdminIn from '../network-create.js'
import type { VirtualNetwork } from '../networks.js'
import * as netIn from '../networks.js'
import * as vmIn from '../vms.js'
import { call } from './define.js'

/** Virtual networks: list, start, stop, autostart. */
export const networksChannels = {
  'networks.list': call<VirtualNetwork[]>()(vmIn.vmHostInput),
  'networks.start': call<VirtualNetwork[]>()(netIn.networkInput),
  'networks.stop': call<VirtualNetwork[]>()(netIn.networkInput),
  'networks.setAutostart': call<VirtualNetwork[]>()(netIn.networkAutostartInput),
} as const

/** Network administration: bridges, create, edit, delete, DHCP leases. */
export const networkAdminChannels = {
  /** Bridges on the host, for bridged networks (libvirt's own marked). */
  'networks.hostBridges': call<HostBridge[]>()(netAdminIn.networkHostInput),
  /** An existing network as the edit form shows it. */
  'networks.spec': call<NetworkSpec>()(netAdminIn.networkNameInput),
  /** The XML, overlap and dnsmasq warnings of a new or edited network; nothing is changed. */
  'networks.preview': call<NetworkPreview>()(netAdminIn.networkPreviewInput),
  'networks.create': call<VirtualNetwork[]>()(netAdminIn.networkCreateInput),
  /** Redefines a network; a running one applies it after a restart (said in warnings). */
  'networks.edit': call<{ networks: VirtualNetwork[]; warnings: string[] }>()(netAdminIn.networkEditInput),
  /** Stops and undefines a network; refuses while VMs use it. */
  'networks.delete': call<VirtualNetwork[]>()(netAdminIn.networkNameInput),
  'networks.leases': call<DhcpLease[]>()(netAdminIn.networkNameInput),
} as const
