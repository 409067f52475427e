import { z } from 'zod'
import { compareIpv6, ipv4Contains, ipv4Subnet, ipv6SamePrefix, parseIpv4, parseIpv6 } from './ip.js'
import { hostIdSchema as hostId, objectNameSchema as objectName } from './libvirt-names.js'

/** Creating and editing libvirt networks: NAT, routed, isolated, bridged to a host bridge; each field checked in the user's words. */

export const NETWORK_MODES = ['nat', 'route', 'isolated', 'bridge'] as const
export type NetworkMode = (typeof NETWORK_MODES)[number]
export const NETWORK_MODE_WORDS: Record<NetworkMode, string> = {
  nat: 'NAT (VMs reach out through the host)',
  route: 'Routed (VMs reachable on their own subnet)',
  isolated: 'Isolated (VMs and host only)',
  bridge: 'Bridged (to a bridge on the host)',
}

const noControl = (s: string): boolean =>
  ![...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)

export const networkNameSchema = z
  .string()
  .trim()
  .min(1, 'Give the network a name')
  .max(50, 'A network name is at most 50 characters')
  .refine((s) => !s.includes('/'), 'A network name cannot contain "/"')
  .refine(noControl, 'A network name cannot contain control characters')

const interfaceName = z
  .string()
  .trim()
  .min(1, 'Choose a host bridge')
  .max(15, 'An interface name is at most 15 characters')
  .regex(/^[A-Za-z0-9_.:-]+$/, 'An interface name uses letters, digits and _ . : - only')

const range = z.object({ start: z.string().trim(), end: z.string().trim() }).strict()

export const ipv4ConfigSchema = z
  .object({
    address: z.string().trim().min(1, 'Give the host’s address on the network, e.g. 192.168.150.1'),
    prefix: z
      .number()
      .int('The prefix is a whole number')
      .min(8, 'The prefix is 8 to 30')
      .max(30, 'The prefix is 8 to 30'),
    dhcp: range.optional(),
  })
  .strict()

export const ipv6ConfigSchema = z
  .object({
    address: z.string().trim().min(1, 'Give the host’s IPv6 address, e.g. fd00:150::1'),
    prefix: z.number().int().min(8, 'The prefix is 8 to 128').max(128, 'The prefix is 8 to 128'),
    dhcp: range.optional(),
  })
  .strict()

export const networkSpecSchema = z
  .object({
    name: networkNameSchema,
    mode: z.enum(NETWORK_MODES),
    /** bridge mode: the host bridge to attach to. */
    hostBridge: interfaceName.optional(),
    ipv4: ipv4ConfigSchema.optional(),
    ipv6: ipv6ConfigSchema.optional(),
  })
  .strict()
  .superRefine((spec, ctx) => {
    const issue = (path: (string | number)[], message: string): void => {
      ctx.addIssue({ code: 'custom', path, message })
    }
    if (spec.mode === 'bridge') {
      if (spec.hostBridge === undefined) issue(['hostBridge'], 'Choose the host bridge the VMs join')
      if (spec.ipv4 !== undefined || spec.ipv6 !== undefined)
        issue(['mode'], 'A bridged network takes its addresses from the LAN: leave IPv4 and IPv6 empty')
      return
    }
    if ((spec.mode === 'nat' || spec.mode === 'route') && spec.ipv4 === undefined)
      issue(['ipv4', 'address'], `A ${spec.mode === 'nat' ? 'NAT' : 'routed'} network needs an IPv4 address`)
    if (spec.ipv4 !== undefined) {
      const address = parseIpv4(spec.ipv4.address)
      if (address === undefined)
        issue(
          ['ipv4', 'address'],
          `“${spec.ipv4.address}” is not an IPv4 address (four numbers 0–255, like 192.168.150.1)`,
        )
      else {
        const subnet = ipv4Subnet(address, spec.ipv4.prefix)
        const last = subnet.network + 2 ** (32 - spec.ipv4.prefix) - 1
        if (address === subnet.network || address === last)
          issue(
            ['ipv4', 'address'],
            'That is the subnet’s network or broadcast address: use one in between, like .1',
          )
        if (spec.ipv4.dhcp !== undefined) {
          const start = parseIpv4(spec.ipv4.dhcp.start)
          const end = parseIpv4(spec.ipv4.dhcp.end)
          if (start === undefined)
            issue(['ipv4', 'dhcp', 'start'], `“${spec.ipv4.dhcp.start}” is not an IPv4 address`)
          if (end === undefined)
            issue(['ipv4', 'dhcp', 'end'], `“${spec.ipv4.dhcp.end}” is not an IPv4 address`)
          if (start !== undefined && end !== undefined) {
            const inside = (v: number): boolean =>
              ipv4Contains(subnet, v) && v !== subnet.network && v !== last
            if (!inside(start))
              issue(['ipv4', 'dhcp', 'start'], `The DHCP range must lie inside the network’s subnet`)
            if (!inside(end))
              issue(['ipv4', 'dhcp', 'end'], `The DHCP range must lie inside the network’s subnet`)
            if (start > end) issue(['ipv4', 'dhcp', 'end'], 'The DHCP range ends before it starts')
            if (address >= start && address <= end)
              issue(
                ['ipv4', 'dhcp', 'start'],
                'The DHCP range includes the host’s own address: start it after it',
              )
          }
        }
      }
    }
    if (spec.ipv6 !== undefined) {
      const address = parseIpv6(spec.ipv6.address)
      if (address === undefined) issue(['ipv6', 'address'], `“${spec.ipv6.address}” is not an IPv6 address`)
      if (spec.ipv6.dhcp !== undefined) {
        if (spec.ipv6.prefix !== 64) issue(['ipv6', 'prefix'], 'DHCPv6 needs a /64 prefix')
        const start = parseIpv6(spec.ipv6.dhcp.start)
        const end = parseIpv6(spec.ipv6.dhcp.end)
        if (start === undefined)
          issue(['ipv6', 'dhcp', 'start'], `“${spec.ipv6.dhcp.start}” is not an IPv6 address`)
        if (end === undefined)
          issue(['ipv6', 'dhcp', 'end'], `“${spec.ipv6.dhcp.end}” is not an IPv6 address`)
        if (address !== undefined && start !== undefined && end !== undefined) {
          if (
            !ipv6SamePrefix(address, start, spec.ipv6.prefix) ||
            !ipv6SamePrefix(address, end, spec.ipv6.prefix)
          )
            issue(['ipv6', 'dhcp', 'start'], 'The DHCPv6 range must lie inside the network’s prefix')
          if (compareIpv6(start, end) > 0)
            issue(['ipv6', 'dhcp', 'end'], 'The DHCPv6 range ends before it starts')
        }
      }
    }
  })
export type NetworkSpec = z.input<typeof networkSpecSchema>

export interface NetworkPreview {
  xml: string
  /** Overlaps with other networks or host interfaces, dnsmasq missing, restart needed: said, not blocking. */
  warnings: string[]
  /** Whether the host has dnsmasq (NAT, routed and isolated networks with addresses need it). */
  dnsmasq: boolean
}

export interface HostBridge {
  name: string
  /** Made by a libvirt network (virbr0 …): not for a bridged network. */
  libvirtNetwork?: string
  addresses: string[]
}

export interface DhcpLease {
  expires: string
  mac: string
  protocol: string
  address: string
  hostname?: string
  clientId?: string
}

export const networkPreviewInput = z
  .object({
    hostId,
    spec: networkSpecSchema,
    /** Editing this existing network. */ existing: objectName.optional(),
  })
  .strict()
export const networkCreateInput = z
  .object({
    hostId,
    spec: networkSpecSchema,
    start: z.boolean().default(true),
    autostart: z.boolean().default(true),
  })
  .strict()
export const networkEditInput = z.object({ hostId, spec: networkSpecSchema }).strict()
export const networkNameInput = z.object({ hostId, name: objectName }).strict()
export const networkHostInput = z.object({ hostId }).strict()
