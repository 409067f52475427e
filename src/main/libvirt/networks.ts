import { AppError } from '@shared/errors.js'
import { conflictError } from './conflict-reason.js'
import type { VirtualNetwork } from '@shared/networks.js'
import type { LibvirtConnection } from './libvirt-connection.js'
import { parseKeyValues, parseNames, parseYesNo } from './virsh-parse.js'
import { attr, child, children, findAll, parseXml, root } from './xml/index.js'

/** libvirt's virtual networks: list (state, autostart, bridge, forward mode, DHCP ranges), start/stop, autostart. */
export class NetworkService {
  constructor(private readonly conn: LibvirtConnection) {}

  async list(): Promise<VirtualNetwork[]> {
    const names = parseNames(await this.conn.read(['net-list', '--all', '--name']))
    if (names.length === 0) return []
    const batch = await this.conn.readBatch(
      names.flatMap((name) => [
        ['net-info', '--network', name],
        ['net-dumpxml', '--network', name],
      ]),
    )
    const networks: VirtualNetwork[] = []
    names.forEach((name, i) => {
      const info = parseKeyValues(batch.outputs[2 * i] ?? '')
      if (!info.has('UUID')) return // Gone between the calls.
      networks.push({
        ...readNetworkXml(batch.outputs[2 * i + 1] ?? ''),
        ...facts(this.conn.hostId, name, info),
      })
    })
    return networks
  }

  start(name: string): Promise<void> {
    return this.action('network.start', name, ['net-start', '--network', name])
  }

  stop(name: string): Promise<void> {
    return this.action('network.stop', name, ['net-destroy', '--network', name])
  }

  setAutostart(name: string, enabled: boolean): Promise<void> {
    const args = ['net-autostart', '--network', name]
    if (!enabled) args.push('--disable')
    return this.action(enabled ? 'network.autostart.on' : 'network.autostart.off', name, args)
  }

  private action(action: string, name: string, args: string[]): Promise<void> {
    return this.conn.audited(action, name, async () => {
      try {
        await this.conn.run(args)
      } catch (error) {
        if (error instanceof AppError && error.code === 'NOT_FOUND') {
          throw new AppError('NOT_FOUND', `There is no virtual network “${name}” on ${this.conn.where}`, {
            cause: error,
          })
        }
        if (error instanceof AppError && error.code === 'CONFLICT') {
          const [verb, words] =
            args[0] === 'net-start'
              ? ['start', 'is already running']
              : args[0] === 'net-destroy'
                ? ['stop', 'is not running']
                : ['change', 'cannot be changed now']
          throw conflictError(error, `The network “${name}”`, verb, words)
        }
        throw error
      }
    })
  }
}

function facts(
  hostId: string,
  name: string,
  info: Map<string, string>,
): Pick<VirtualNetwork, 'hostId' | 'name' | 'uuid' | 'active' | 'persistent' | 'autostart'> & {
  bridge?: string
} {
  const bridge = info.get('Bridge')
  return {
    hostId,
    name,
    uuid: info.get('UUID') ?? '',
    active: parseYesNo(info.get('Active')) ?? false,
    persistent: parseYesNo(info.get('Persistent')) ?? true,
    autostart: parseYesNo(info.get('Autostart')) ?? false,
    ...(bridge === undefined || bridge === '' ? {} : { bridge }),
  }
}

/** Forward mode, bridge, first address and DHCP ranges from `net-dumpxml`. */
export function readNetworkXml(
  xml: string,
): Pick<VirtualNetwork, 'forwardMode' | 'dhcpRanges'> & { bridge?: string; ipAddress?: string } {
  if (xml.trim().length === 0) return { forwardMode: 'unknown', dhcpRanges: [] }
  const net = root(parseXml(xml))
  const forward = child(net, 'forward')
  const bridgeEl = child(net, 'bridge')
  const bridge = bridgeEl === undefined ? undefined : attr(bridgeEl, 'name')
  const ips = children(net, 'ip')
  const address = ips[0] === undefined ? undefined : attr(ips[0], 'address')
  const dhcpRanges = ips.flatMap((ip) =>
    findAll(ip, 'dhcp/range').flatMap((range) => {
      const start = attr(range, 'start')
      const end = attr(range, 'end')
      return start === undefined || end === undefined ? [] : [{ start, end }]
    }),
  )
  return {
    // No <forward>: an isolated network.
    forwardMode: forward === undefined ? 'isolated' : (attr(forward, 'mode') ?? 'nat'),
    dhcpRanges,
    ...(bridge === undefined ? {} : { bridge }),
    ...(address === undefined ? {} : { ipAddress: address }),
  }
}
