import type { NetworkSpec } from '@shared/network-create.js'
import { formatIpv4, netmaskToPrefix, parseIpv4 } from '@shared/ip.js'
import { attr, child, children, parseXml, root, text } from '../libvirt/xml/index.js'
import { el, prettyXml, textEl } from '../storage/pretty-xml.js'
import type { Node } from '../storage/pretty-xml.js'

/** What an edited network keeps of itself: its UUID, and libvirt's bridge name and MAC for it. */
export interface KeptIdentity {
  uuid?: string
  bridge?: string
  mac?: string
}

/** The `<network>` definition of a spec; `kept` keeps an edited network the same network on the same bridge. */
export function networkXml(spec: NetworkSpec, kept: KeptIdentity = {}): string {
  const parts: Node[] = [textEl('name', spec.name.trim())]
  if (kept.uuid !== undefined) parts.push(textEl('uuid', kept.uuid))
  if (spec.mode === 'bridge') {
    parts.push(el('forward', { mode: 'bridge' }), el('bridge', { name: spec.hostBridge ?? '' }))
    return prettyXml(el('network', {}, ...parts))
  }
  if (spec.mode === 'nat') parts.push(el('forward', { mode: 'nat' }))
  if (spec.mode === 'route') parts.push(el('forward', { mode: 'route' }))
  // libvirt names the bridge itself (virbrN) when none is given; an edit keeps the name it had.
  parts.push(
    el('bridge', { ...(kept.bridge === undefined ? {} : { name: kept.bridge }), stp: 'on', delay: '0' }),
  )
  if (kept.mac !== undefined) parts.push(el('mac', { address: kept.mac }))
  if (spec.ipv4 !== undefined) {
    const address = parseIpv4(spec.ipv4.address)
    const ip = el('ip', {
      address: address === undefined ? spec.ipv4.address : formatIpv4(address),
      prefix: String(spec.ipv4.prefix),
    })
    if (spec.ipv4.dhcp !== undefined)
      ip.children = [el('dhcp', {}, el('range', { start: spec.ipv4.dhcp.start, end: spec.ipv4.dhcp.end }))]
    parts.push(ip)
  }
  if (spec.ipv6 !== undefined) {
    const ip = el('ip', { family: 'ipv6', address: spec.ipv6.address, prefix: String(spec.ipv6.prefix) })
    if (spec.ipv6.dhcp !== undefined)
      ip.children = [el('dhcp', {}, el('range', { start: spec.ipv6.dhcp.start, end: spec.ipv6.dhcp.end }))]
    parts.push(ip)
  }
  return prettyXml(el('network', {}, ...parts))
}

/** What VirtDeck can edit of an existing network; undefined for kinds it does not make (macvtap, hostdev, …). */
/** The identity an edit must keep (UUID, bridge name, bridge MAC); bridged networks keep only the UUID. */
export function identityOf(xml: string): KeptIdentity {
  const net = root(parseXml(xml))
  const uuidEl = child(net, 'uuid')
  const uuid = uuidEl === undefined ? undefined : text(uuidEl)?.trim()
  const forward = child(net, 'forward')
  const bridgeEl = child(net, 'bridge')
  const macEl = child(net, 'mac')
  const bridged = forward !== undefined && attr(forward, 'mode') === 'bridge'
  const bridge = bridged || bridgeEl === undefined ? undefined : attr(bridgeEl, 'name')
  const mac = macEl === undefined ? undefined : attr(macEl, 'address')
  return {
    ...(uuid === undefined ? {} : { uuid }),
    ...(bridge === undefined ? {} : { bridge }),
    ...(mac === undefined ? {} : { mac }),
  }
}

export function specFromXml(xml: string): { spec: NetworkSpec; uuid?: string } | undefined {
  const net = root(parseXml(xml))
  const name = text(child(net, 'name') ?? net) ?? ''
  const uuidEl = child(net, 'uuid')
  const uuid = uuidEl === undefined ? undefined : text(uuidEl)?.trim()
  const forward = child(net, 'forward')
  const mode = forward === undefined ? 'isolated' : (attr(forward, 'mode') ?? 'nat')
  const out = (spec: NetworkSpec): { spec: NetworkSpec; uuid?: string } =>
    uuid === undefined ? { spec } : { spec, uuid }
  if (mode === 'bridge') {
    const bridge = child(net, 'bridge')
    const hostBridge = bridge === undefined ? undefined : attr(bridge, 'name')
    if (hostBridge === undefined) return undefined
    return out({ name, mode: 'bridge', hostBridge })
  }
  if (mode !== 'nat' && mode !== 'route' && mode !== 'isolated') return undefined
  const spec: NetworkSpec = { name, mode }
  for (const ip of children(net, 'ip')) {
    const family = attr(ip, 'family') ?? 'ipv4'
    const address = attr(ip, 'address')
    if (address === undefined) continue
    const netmask = attr(ip, 'netmask')
    const prefix = Number(attr(ip, 'prefix') ?? (netmask === undefined ? NaN : netmaskToPrefix(netmask)))
    const rangeEl = child(child(ip, 'dhcp') ?? ip, 'range')
    const start = rangeEl === undefined ? undefined : attr(rangeEl, 'start')
    const end = rangeEl === undefined ? undefined : attr(rangeEl, 'end')
    const dhcp = start !== undefined && end !== undefined ? { dhcp: { start, end } } : {}
    if (family === 'ipv6' && spec.ipv6 === undefined)
      spec.ipv6 = { address, prefix: Number.isFinite(prefix) ? prefix : 64, ...dhcp }
    if (family === 'ipv4' && spec.ipv4 === undefined)
      spec.ipv4 = { address, prefix: Number.isFinite(prefix) ? prefix : 24, ...dhcp }
  }
  return out(spec)
}
