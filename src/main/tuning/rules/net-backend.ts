import { attr, child, children, findAll, insertChild, removeChild, setAttr } from '../../libvirt/xml/index.js'
import type { XmlElement } from '../../libvirt/xml/index.js'
import type { TuningContext, TuningRule } from '../rule.js'
import { notApplicable, xmlFix } from '../rule.js'
import { isQemu } from './domain.js'
import { nicName } from './net-model.js'

/** Children only user-mode (slirp/passt) interfaces take. */
const USER_ONLY = ['ip', 'route', 'portForward', 'backend']

export const BRIDGE_HOWTO =
  'To put VMs on the LAN, make a bridge on the host (NetworkManager: nmcli con add type bridge ifname br0; ' +
  "nmcli con add type bridge-slave ifname eth0 master br0; or systemd-networkd/ifupdown) — see the host's " +
  'Networks page — then choose it as the interface source.'

function userNics(domain: XmlElement): XmlElement[] {
  return findAll(domain, 'devices/interface').filter((i) => attr(i, 'type') === 'user')
}

function target(ctx: TuningContext): { type: 'network' | 'bridge'; name: string } | undefined {
  if (ctx.facts.networks.includes('default')) return { type: 'network', name: 'default' }
  const bridge = ctx.facts.bridges.find((b) => !b.startsWith('virbr') && !b.startsWith('docker'))
  return bridge === undefined ? undefined : { type: 'bridge', name: bridge }
}

/** A tap on a bridge (libvirt network or host bridge) instead of QEMU's user-mode networking. */
export const netBackend: TuningRule = {
  id: 'net-backend',
  area: 'network',
  title: 'Bridge/tap instead of user-mode networking',
  explanation:
    'User-mode networking (SLIRP) is a TCP/IP stack inside QEMU: slow, no ICMP, and the VM is unreachable from ' +
    "outside. A tap device on a bridge — libvirt's NAT network 'default' (virbr0) or a host bridge on the LAN — " +
    'is handled by the host kernel and works with vhost-net.',
  source: 'https://www.linux-kvm.org/page/Tuning_KVM · https://libvirt.org/formatdomain.html#virtual-network',
  risk: "The guest gets a new address (from the network's DHCP); port forwards of user mode no longer apply.",
  weight: 10,
  check(ctx) {
    const { domain } = ctx
    if (!isQemu(domain)) return notApplicable('not a QEMU/KVM domain')
    const all = findAll(domain, 'devices/interface')
    if (all.length === 0) return notApplicable('no network interface')
    const evidence = all.map((n, i) => `domain XML: ${nicName(n, i)} type ${attr(n, 'type') ?? '?'}`)
    evidence.push(
      `host: libvirt networks ${ctx.facts.networks.join(', ') || 'none'}; bridges ${ctx.facts.bridges.join(', ') || 'none'}`,
    )
    const user = userNics(domain)
    if (user.length === 0) return { verdict: 'ok', evidence }
    const to = target(ctx)
    if (to === undefined)
      return { verdict: 'improve', evidence, explanation: `${this.explanation} ${BRIDGE_HOWTO}` }
    return {
      verdict: 'improve',
      evidence,
      fix: xmlFix(`Connect ${user.length} user-mode interface(s) to ${to.type} '${to.name}'`),
    }
  },
  apply(domain, ctx) {
    if (this.check({ ...ctx, domain }).fix === undefined) return []
    const to = target(ctx)
    if (to === undefined) return []
    const notes: string[] = []
    for (const nic of userNics(domain)) {
      setAttr(nic, 'type', to.type)
      for (const el of children(nic).filter((c) => USER_ONLY.includes(c.name))) {
        removeChild(nic, el)
        notes.push(`Removed <${el.name}>, which only user-mode interfaces take.`)
      }
      const source = child(nic, 'source')
      if (source !== undefined) removeChild(nic, source)
      insertChild(nic, child(nic, 'mac') === undefined ? 0 : 1, 'source', { [to.type]: to.name })
      notes.push(`User-mode interface → ${to.type} '${to.name}'.`)
    }
    return notes
  },
}
