import { attr, child, setAttr } from '../../libvirt/xml/index.js'
import type { TuningRule } from '../rule.js'
import { notApplicable, xmlFix } from '../rule.js'
import { isQemu } from './domain.js'
import { emulatedNics, nicModel, nicName } from './net-model.js'

/** virtio-net served by vhost-net in the host kernel, not by QEMU in user space. */
export const netVhost: TuningRule = {
  id: 'net-vhost',
  area: 'network',
  title: 'vhost-net for virtio network cards',
  explanation:
    "With vhost-net the host kernel moves a virtio card's packets; without it QEMU copies each one in user " +
    "space. libvirt uses vhost when /dev/vhost-net exists, unless the interface says <driver name='qemu'/>.",
  source: 'https://libvirt.org/formatdomain.html#setting-nic-driver-specific-options',
  risk: 'None inside the guest. Needs the vhost_net module on the host (modprobe vhost_net).',
  weight: 6,
  check(ctx) {
    const { domain } = ctx
    if (!isQemu(domain)) return notApplicable('not a QEMU/KVM domain')
    const nics = emulatedNics(domain).filter((n) => nicModel(n) === 'virtio')
    if (nics.length === 0) return notApplicable('no virtio network card (see "Network card virtio")')
    const evidence = nics.map((n, i) => {
      const driver = child(n, 'driver')
      return `domain XML: ${nicName(n, i)} driver ${driver === undefined ? 'default' : (attr(driver, 'name') ?? 'default')}`
    })
    if (ctx.facts.vhostNet !== undefined)
      evidence.push(`host: /dev/vhost-net ${ctx.facts.vhostNet ? 'present' : 'missing'}`)
    const forcedQemu = nics.filter((n) => {
      const driver = child(n, 'driver')
      return driver !== undefined && attr(driver, 'name') === 'qemu'
    })
    if (forcedQemu.length > 0)
      return {
        verdict: 'improve',
        evidence,
        fix: xmlFix(`driver name='vhost' on ${forcedQemu.length} interface(s)`),
      }
    if (ctx.facts.vhostNet === false)
      return {
        verdict: 'improve',
        evidence,
        explanation: `${this.explanation} This host has no /dev/vhost-net: load the module (sudo modprobe vhost_net, and add vhost_net to /etc/modules-load.d/ to keep it).`,
      }
    return { verdict: 'ok', evidence }
  },
  apply(domain, ctx) {
    if (this.check({ ...ctx, domain }).fix === undefined) return []
    const notes: string[] = []
    emulatedNics(domain).forEach((n, i) => {
      const driver = child(n, 'driver')
      if (nicModel(n) !== 'virtio' || driver === undefined || attr(driver, 'name') !== 'qemu') return
      setAttr(driver, 'name', 'vhost')
      notes.push(`${nicName(n, i)}: driver qemu → vhost.`)
    })
    return notes
  },
}
