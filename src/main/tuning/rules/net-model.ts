import { attr, child, findAll, insertChild, setAttr } from '../../libvirt/xml/index.js'
import type { XmlElement } from '../../libvirt/xml/index.js'
import type { TuningRule } from '../rule.js'
import { notApplicable, xmlFix } from '../rule.js'
import { isQemu, windowsEvidence } from './domain.js'

/** Interfaces QEMU emulates a NIC for (not passthrough, not vhost-user). */
export function emulatedNics(domain: XmlElement): XmlElement[] {
  return findAll(domain, 'devices/interface').filter(
    (i) => !['hostdev', 'vhostuser', 'vdpa'].includes(attr(i, 'type') ?? ''),
  )
}

export function nicName(nic: XmlElement, index: number): string {
  const mac = child(nic, 'mac')
  return `interface ${index + 1}${mac === undefined ? '' : ` (${attr(mac, 'address') ?? ''})`}`
}

export function nicModel(nic: XmlElement): string | undefined {
  const model = child(nic, 'model')
  return model === undefined ? undefined : attr(model, 'type')
}

/** Network cards as virtio-net instead of an emulated rtl8139 / e1000. */
export const netModel: TuningRule = {
  id: 'net-model',
  area: 'network',
  title: 'Network card virtio',
  explanation:
    'rtl8139 and e1000 are emulations of real cards: each packet costs several exits to QEMU. virtio-net is ' +
    'paravirtual and, with vhost, handled in the host kernel — many times the throughput at a fraction of the ' +
    'CPU. Linux guests have the driver built in; Windows needs NetKVM from the virtio-win ISO.',
  source:
    'https://www.linux-kvm.org/page/Tuning_KVM · https://libvirt.org/formatdomain.html#setting-the-nic-model',
  risk: 'The guest sees a new network card: its interface name may change (e.g. ens3 → enp1s0) and a static IP configuration may need moving to it.',
  weight: 12,
  check(ctx) {
    const { domain } = ctx
    if (!isQemu(domain)) return notApplicable('not a QEMU/KVM domain')
    const nics = emulatedNics(domain)
    if (nics.length === 0) return notApplicable('no emulated network interface')
    const evidence = nics.map(
      (n, i) =>
        `domain XML: ${nicName(n, i)} model ${nicModel(n) ?? 'default (rtl8139 on pc, e1000e on q35)'}`,
    )
    const slow = nics.filter((n) => nicModel(n) !== 'virtio')
    if (slow.length === 0) return { verdict: 'ok', evidence }
    const windows = windowsEvidence(domain)
    return {
      verdict: 'improve',
      evidence: windows === undefined ? evidence : [...evidence, `Windows guest (${windows})`],
      fix: xmlFix(`Set model virtio on ${slow.length} interface(s)`),
      ...(windows === undefined
        ? {}
        : {
            risk: 'Windows has no virtio-net driver of its own: install NetKVM from the virtio-win ISO first, or the VM has no network until you do.',
          }),
    }
  },
  apply(domain, ctx) {
    if (this.check({ ...ctx, domain }).fix === undefined) return []
    const notes: string[] = []
    emulatedNics(domain).forEach((nic, i) => {
      if (nicModel(nic) === 'virtio') return
      const model = child(nic, 'model')
      const before = nicModel(nic) ?? 'default'
      if (model === undefined) insertChild(nic, Number.MAX_SAFE_INTEGER, 'model', { type: 'virtio' })
      else setAttr(model, 'type', 'virtio')
      notes.push(`${nicName(nic, i)}: model ${before} → virtio.`)
    })
    return notes
  },
}
