import { AppError } from '@shared/errors.js'
import { formatSubnet, ipv4Overlap, ipv4Subnet, parseIpv4 } from '@shared/ip.js'
import type { Ipv4Subnet } from '@shared/ip.js'
import { networkSpecSchema } from '@shared/network-create.js'
import type { DhcpLease, HostBridge, NetworkPreview, NetworkSpec } from '@shared/network-create.js'
import type { LibvirtConnection } from '../libvirt/libvirt-connection.js'
import { NetworkService } from '../libvirt/networks.js'
import { parseNames } from '../libvirt/virsh-parse.js'
import { attr, child, children, findAll, parseXml, root } from '../libvirt/xml/index.js'
import { hasDnsmasq } from './dnsmasq.js'
import { identityOf, networkXml, specFromXml } from './network-xml.js'
import type { KeptIdentity } from './network-xml.js'

/** What an edit keeps from the old definition only as far as the form shows it. */
const DROPPED_ON_EDIT = ['dns', 'domain', 'mtu', 'portgroup', 'route', 'dnsmasq:options']

/** Creating, editing and deleting libvirt networks; their DHCP leases; the host's bridges and addresses. */
export class NetworkAdmin {
  private readonly networks: NetworkService

  constructor(private readonly conn: LibvirtConnection) {
    this.networks = new NetworkService(conn)
  }

  /** The spec of an existing network, for the edit form; refuses kinds the form cannot show. */
  async spec(name: string): Promise<NetworkSpec> {
    const parsed = specFromXml(await this.dumpxml(name))
    if (parsed === undefined)
      throw new AppError('UNSUPPORTED', `The network “${name}” is of a kind VirtDeck does not edit`, {
        detail: 'Edit it with `virsh net-edit`.',
      })
    return parsed.spec
  }

  /** The XML to define and what to know first: overlaps (not blocking), dnsmasq, restart needed. */
  async preview(input: NetworkSpec, existing?: string): Promise<NetworkPreview> {
    const spec = networkSpecSchema.parse(input)
    const list = await this.networks.list()
    const warnings: string[] = []
    let kept: KeptIdentity = {}
    if (existing === undefined) {
      if (list.some((n) => n.name === spec.name))
        throw new AppError(
          'CONFLICT',
          `A network named “${spec.name}” exists already on ${this.conn.where}`,
          {
            detail: 'Choose another name, or edit that network.',
          },
        )
    } else {
      if (spec.name !== existing)
        throw new AppError('INVALID_INPUT', 'A network cannot be renamed here: create a new one instead')
      const oldXml = await this.dumpxml(existing)
      kept = identityOf(oldXml)
      const old = root(parseXml(oldXml))
      const dropped = DROPPED_ON_EDIT.filter((tag) => child(old, tag) !== undefined)
      if (findAll(old, 'ip/dhcp/host').length > 0) dropped.push('static DHCP hosts')
      if (dropped.length > 0)
        warnings.push(`Saving drops settings this form does not show: ${dropped.join(', ')}.`)
      if (list.find((n) => n.name === existing)?.active === true)
        warnings.push('The network is running: the change takes effect when it is stopped and started again.')
    }
    if (spec.mode === 'bridge') {
      const bridges = await this.hostBridges()
      const bridge = bridges.find((b) => b.name === spec.hostBridge)
      if (bridge === undefined)
        throw new AppError(
          'NOT_FOUND',
          `There is no bridge “${spec.hostBridge ?? ''}” on ${this.conn.where}`,
          {
            detail: `Bridges there: ${bridges.map((b) => b.name).join(', ') || 'none'}. Create one with the host’s network settings first.`,
          },
        )
      if (bridge.libvirtNetwork !== undefined)
        warnings.push(
          `${bridge.name} belongs to the libvirt network “${bridge.libvirtNetwork}”: attach VMs to that network instead.`,
        )
    }
    const dnsmasq = spec.mode === 'bridge' ? true : await hasDnsmasq(this.conn.host)
    if (!dnsmasq && (spec.ipv4 !== undefined || spec.ipv6 !== undefined))
      warnings.push(
        `dnsmasq is not installed on ${this.conn.where}: libvirt cannot start a network with addresses without it (install the dnsmasq-base package).`,
      )
    if (spec.ipv4 !== undefined) {
      const address = parseIpv4(spec.ipv4.address)
      if (address !== undefined) {
        const mine = ipv4Subnet(address, spec.ipv4.prefix)
        for (const other of await this.usedSubnets(existing)) {
          if (ipv4Overlap(mine, other.subnet))
            warnings.push(
              `${formatSubnet(mine)} overlaps ${formatSubnet(other.subnet)} of ${other.owner}: VMs may not reach one of them.`,
            )
        }
      }
    }
    return { xml: networkXml(spec, kept), warnings, dnsmasq }
  }

  async create(input: NetworkSpec, start = true, autostart = true): Promise<void> {
    const spec = networkSpecSchema.parse(input)
    const { xml } = await this.preview(spec)
    await this.conn.audited(
      'network.create',
      spec.name,
      async () => {
        await this.conn.withTempFile(xml, (path) => this.conn.run(['net-define', '--file', path]))
        try {
          if (start) await this.conn.run(['net-start', '--network', spec.name])
          if (autostart) await this.conn.run(['net-autostart', '--network', spec.name])
        } catch (error) {
          await this.conn.run(['net-undefine', '--network', spec.name]).catch(() => undefined)
          const reason = error instanceof Error ? error.message : String(error)
          throw new AppError(
            error instanceof AppError ? error.code : 'COMMAND_FAILED',
            `The network “${spec.name}” could not start, so it was not kept: ${reason}`,
            {
              cause: error,
              ...(error instanceof AppError && error.detail !== undefined ? { detail: error.detail } : {}),
            },
          )
        }
      },
      spec.mode,
    )
  }

  /** Redefines the network (same UUID); a running one keeps its old settings until restarted. */
  async edit(input: NetworkSpec): Promise<NetworkPreview> {
    const spec = networkSpecSchema.parse(input)
    const preview = await this.preview(spec, spec.name)
    await this.conn.audited('network.edit', spec.name, () =>
      this.conn.withTempFile(preview.xml, (path) => this.conn.run(['net-define', '--file', path])),
    )
    return preview
  }

  /** Stops and undefines the network; refuses while a VM's interface names it (saying which). */
  async delete(name: string): Promise<void> {
    const net = (await this.networks.list()).find((n) => n.name === name)
    if (net === undefined)
      throw new AppError('NOT_FOUND', `There is no virtual network “${name}” on ${this.conn.where}`)
    const users = await this.usersOf(name)
    if (users.length > 0)
      throw new AppError(
        'CONFLICT',
        `The network “${name}” cannot be deleted while VMs use it: ${users.map((u) => `“${u}”`).join(', ')}`,
        {
          detail: 'Move those VMs’ network interfaces to another network (or remove them) first.',
        },
      )
    await this.conn.audited('network.delete', name, async () => {
      if (net.active) await this.conn.run(['net-destroy', '--network', name])
      if (net.persistent) await this.conn.run(['net-undefine', '--network', name])
    })
  }

  /** VMs with an interface on the network, in their live or next-boot definition. */
  async usersOf(network: string): Promise<string[]> {
    const names = parseNames(await this.conn.read(['list', '--all', '--name']))
    if (names.length === 0) return []
    const batch = await this.conn.readBatch(
      names.flatMap((n) => [
        ['dumpxml', '--domain', n],
        ['dumpxml', '--inactive', '--domain', n],
      ]),
    )
    return names.filter((_, i) =>
      [batch.outputs[2 * i] ?? '', batch.outputs[2 * i + 1] ?? ''].some((xml) => {
        try {
          return findAll(root(parseXml(xml)), 'devices/interface').some((iface) => {
            const source = child(iface, 'source')
            return (
              attr(iface, 'type') === 'network' && source !== undefined && attr(source, 'network') === network
            )
          })
        } catch {
          return false
        }
      }),
    )
  }

  async leases(name: string): Promise<DhcpLease[]> {
    try {
      return parseLeases(await this.conn.read(['net-dhcp-leases', '--network', name]))
    } catch (error) {
      if (error instanceof AppError && error.code === 'NOT_FOUND')
        throw new AppError('NOT_FOUND', `There is no virtual network “${name}” on ${this.conn.where}`)
      throw error
    }
  }

  /** Bridges on the host (`ip -j addr`), marking those libvirt's own networks made. */
  async hostBridges(): Promise<HostBridge[]> {
    const [links, list] = await Promise.all([this.ipJson(['-j', '-d', 'addr', 'show']), this.networks.list()])
    return links
      .filter((l) => l.linkinfo?.info_kind === 'bridge')
      .map((l) => {
        const owner = list.find((n) => n.bridge === l.ifname)
        return {
          name: l.ifname,
          addresses: (l.addr_info ?? []).map((a) => `${a.local}/${a.prefixlen}`),
          ...(owner === undefined ? {} : { libvirtNetwork: owner.name }),
        }
      })
  }

  private async usedSubnets(except?: string): Promise<{ subnet: Ipv4Subnet; owner: string }[]> {
    const out: { subnet: Ipv4Subnet; owner: string }[] = []
    const names = parseNames(await this.conn.read(['net-list', '--all', '--name'])).filter(
      (n) => n !== except,
    )
    const batch = await this.conn.readBatch(names.map((n) => ['net-dumpxml', '--network', n]))
    const bridges = new Set<string>()
    names.forEach((n, i) => {
      try {
        const net = root(parseXml(batch.outputs[i] ?? ''))
        const bridge = child(net, 'bridge')
        const bridgeName = bridge === undefined ? undefined : attr(bridge, 'name')
        if (bridgeName !== undefined) bridges.add(bridgeName)
        for (const ip of children(net, 'ip')) {
          const spec = specFromXml(batch.outputs[i] ?? '')?.spec.ipv4
          if (attr(ip, 'family') === 'ipv6' || spec === undefined) continue
          const address = parseIpv4(spec.address)
          if (address !== undefined)
            out.push({ subnet: ipv4Subnet(address, spec.prefix), owner: `the network “${n}”` })
        }
      } catch {
        // Unreadable: nothing to compare.
      }
    })
    for (const link of await this.ipJson(['-j', 'addr', 'show'])) {
      if (bridges.has(link.ifname) || link.ifname === 'lo') continue
      for (const a of link.addr_info ?? []) {
        const address = a.family === 'inet' ? parseIpv4(a.local) : undefined
        if (address !== undefined)
          out.push({ subnet: ipv4Subnet(address, a.prefixlen), owner: `the host interface ${link.ifname}` })
      }
    }
    return out
  }

  private async ipJson(args: string[]): Promise<IpLink[]> {
    const result = await this.conn.host.exec('ip', args, { timeoutMs: 10_000 })
    if (result.code !== 0) return []
    try {
      return JSON.parse(result.stdout) as IpLink[]
    } catch {
      return []
    }
  }

  private async dumpxml(name: string): Promise<string> {
    try {
      return await this.conn.read(['net-dumpxml', '--inactive', '--network', name])
    } catch (error) {
      if (error instanceof AppError && error.code === 'NOT_FOUND')
        throw new AppError('NOT_FOUND', `There is no virtual network “${name}” on ${this.conn.where}`)
      throw error
    }
  }
}

interface IpLink {
  ifname: string
  linkinfo?: { info_kind?: string }
  addr_info?: { family: string; local: string; prefixlen: number }[]
}

/** `net-dhcp-leases` rows: date time, MAC, protocol, address, hostname ('-' for none), client id. */
export function parseLeases(text: string): DhcpLease[] {
  const leases: DhcpLease[] = []
  for (const line of text.split('\n')) {
    const cells = line.trim().split(/\s+/)
    if (cells.length < 5 || !/^\d{4}-\d{2}-\d{2}$/.test(cells[0] ?? '')) continue
    const [date, time, mac, protocol, address, hostname, clientId] = cells
    leases.push({
      expires: `${date ?? ''} ${time ?? ''}`,
      mac: mac ?? '',
      protocol: protocol ?? '',
      address: address ?? '',
      ...(hostname === undefined || hostname === '-' ? {} : { hostname }),
      ...(clientId === undefined || clientId === '-' ? {} : { clientId }),
    })
  }
  return leases
}
