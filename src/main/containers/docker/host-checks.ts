import type Docker from 'dockerode'
import type { Host } from '../../host/host.js'
import {
  checkForward,
  parseIptablesSave,
  parseNftRuleset,
  type ForwardCheck,
  type ForwardRuleset,
} from './forward-check.js'
import { DAEMON_JSON, checkMtu, readMtuSettings, type MtuCheck } from './mtu.js'

interface IpLink {
  ifname: string
  mtu?: number
  master?: string
  linkinfo?: { info_kind?: string }
}

async function ipJson<T>(host: Host, args: string[]): Promise<T[]> {
  const result = await host.exec('ip', ['-j', ...args])
  if (result.code !== 0) return []
  try {
    return JSON.parse(result.stdout) as T[]
  } catch {
    return []
  }
}

/**
 * The bridges libvirt uses on the host: its networks' `virbrN`, and any bridge a guest's tap
 * (`vnetN`, `tapN`, `macvtapN`) is plugged into (br0 of bridged guests).
 */
export async function libvirtBridges(host: Host): Promise<string[]> {
  const links = await ipJson<IpLink>(host, ['-d', 'link', 'show'])
  const bridges = new Set<string>()
  for (const link of links) {
    if (link.linkinfo?.info_kind === 'bridge' && /^virbr\d+$/.test(link.ifname)) bridges.add(link.ifname)
    if (link.master !== undefined && /^(vnet|tap|macvtap)\d+$/.test(link.ifname)) bridges.add(link.master)
  }
  return [...bridges].sort()
}

/** The filter table as iptables-save shows it (root), else nftables' view. */
export async function readForwardRuleset(host: Host): Promise<ForwardRuleset> {
  const reason = 'Read the firewall rules (FORWARD policy) to check Docker against libvirt'
  const save = await host.privileged('iptables-save', ['-t', 'filter'], { reason }).catch(() => undefined)
  if (save !== undefined && save.code === 0 && save.stdout.includes('*filter'))
    return parseIptablesSave(save.stdout)
  const nft = await host.privileged('nft', ['list', 'ruleset'], { reason })
  return parseNftRuleset(nft.stdout)
}

export async function forwardCheckOnHost(host: Host): Promise<ForwardCheck> {
  const [ruleset, bridges] = await Promise.all([readForwardRuleset(host), libvirtBridges(host)])
  return checkForward(ruleset, bridges)
}

async function readText(host: Host, path: string): Promise<string | null> {
  return host.readFile(path).then(
    (b) => b.toString('utf8'),
    () => null,
  )
}

/** The uplink (default route's device) MTU against every Docker bridge network's, with the fix as data. */
export async function mtuCheckOnHost(host: Host, docker: Docker): Promise<MtuCheck> {
  const routes = await ipJson<{ dev?: string }>(host, ['route', 'show', 'default'])
  const device = routes[0]?.dev
  const link =
    device === undefined ? undefined : (await ipJson<IpLink>(host, ['link', 'show', 'dev', device]))[0]
  const networks = (await docker.listNetworks())
    .filter((n) => n.Driver === 'bridge')
    .map((n) => ({ name: n.Name, mtu: Number(n.Options?.['com.docker.network.driver.mtu'] ?? 1500) }))
  const [daemonJson, sysconfig, unit, override] = await Promise.all([
    readText(host, DAEMON_JSON),
    readText(host, '/etc/sysconfig/docker'),
    readText(host, '/lib/systemd/system/docker.service'),
    readText(host, '/etc/systemd/system/docker.service'),
  ])
  const version = (await docker.version()).Version
  return checkMtu({
    ...(device === undefined || link?.mtu === undefined ? {} : { uplink: { device, mtu: link.mtu } }),
    networks,
    daemonJson,
    dockerVersion: version,
    settings: readMtuSettings({
      ...(daemonJson === null ? {} : { daemonJson }),
      ...(sysconfig === null ? {} : { sysconfig }),
      unit: `${unit ?? ''}\n${override ?? ''}`,
    }),
  })
}
