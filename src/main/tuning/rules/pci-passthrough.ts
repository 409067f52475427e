import { findAll } from '../../libvirt/xml/index.js'
import type { HostPciDevice, TuningRule } from '../rule.js'
import { notApplicable } from '../rule.js'
import { isQemu } from './domain.js'

/** A hint: a NIC or NVMe drive of the host serves a VM best passed through. */
export const pciPassthrough: TuningRule = {
  id: 'pci-passthrough',
  area: 'pci',
  title: 'Host PCI devices passed through',
  explanation:
    'A network card or NVMe drive passed through to the VM (VFIO) runs at native speed with no emulation at all; ' +
    'the host loses the device while the VM runs. See GPU/PCI passthrough for IOMMU groups and how to bind a ' +
    'device to vfio-pci.',
  source: 'https://libvirt.org/formatdomain.html#host-device-assignment',
  risk: 'Not an XML fix: passthrough needs IOMMU, the device in its own group and bound to vfio-pci — see the GPU/PCI passthrough page.',
  weight: 0,
  check(ctx) {
    const { domain } = ctx
    if (!isQemu(domain)) return notApplicable('not a QEMU/KVM domain')
    const passed =
      findAll(domain, "devices/hostdev[@type='pci']").length +
      findAll(domain, "devices/interface[@type='hostdev']").length
    if (passed > 0) return { verdict: 'ok', evidence: [`domain XML: ${passed} PCI device(s) passed through`] }
    const devices = ctx.facts.pciDevices ?? []
    const describe = (d: HostPciDevice): string => {
      const used = (d.assignedTo ?? []).length > 0 ? `, passed to ${(d.assignedTo ?? []).join(', ')}` : ''
      return `${d.name} (${d.kind === 'nic' ? 'network card' : 'NVMe'}, driver ${d.driver ?? 'none'}${used})`
    }
    const evidence = [
      'domain XML: no PCI device passed through',
      devices.length === 0
        ? 'host: no network card or NVMe drive listed by libvirt'
        : `host: ${devices.map(describe).join(', ')}`,
    ]
    const ready = devices.filter((d) => d.driver === 'vfio-pci' && (d.assignedTo ?? []).length === 0)
    if (ready.length > 0)
      return {
        verdict: 'improve',
        evidence: [
          ...evidence,
          `bound to vfio-pci, ready to pass through: ${ready.map((d) => d.name).join(', ')}`,
        ],
        explanation: `${this.explanation} A device already bound to vfio-pci is ready: add it from the GPU/PCI passthrough page.`,
      }
    return { verdict: 'not-applicable', evidence }
  },
}
