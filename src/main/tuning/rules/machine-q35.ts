import type { XmlElement } from '../../libvirt/xml/index.js'
import { attr, child, find, findAll, removeChild, setAttr } from '../../libvirt/xml/index.js'
import type { TuningRule } from '../rule.js'
import { notApplicable, xmlFix } from '../rule.js'
import { disks, isQemu, isX86, osMachine, windowsEvidence } from './domain.js'

function isI440fx(machine: string | undefined): boolean {
  return (
    machine !== undefined &&
    (machine === 'pc' ||
      machine.startsWith('pc-i440fx') ||
      /^pc-\d/.test(machine) ||
      machine.startsWith('rhel'))
  )
}

function ideDisks(domain: XmlElement): string[] {
  return disks(domain)
    .filter((d) => d.bus === 'ide')
    .map((d) => d.target)
}

function nextSd(used: Set<string>): string {
  for (let i = 0; i < 26; i++) {
    const name = `sd${String.fromCharCode(97 + i)}`
    if (!used.has(name)) return name
  }
  return 'sdz'
}

/** q35 (PCIe, AHCI) instead of the 1996 i440FX chipset. */
export const machineQ35: TuningRule = {
  id: 'machine-q35',
  area: 'machine',
  title: 'Machine type q35',
  explanation:
    'The pc machine emulates the 1996 i440FX chipset: plain PCI, IDE, no PCIe. q35 gives the guest PCIe ' +
    '(needed for passthrough of modern GPUs and NVMe at full speed), an AHCI SATA controller and secure boot. ' +
    'q35 has no IDE: IDE disks and CD-ROMs move to SATA, and libvirt assigns new PCIe addresses.',
  source:
    'https://wiki.qemu.org/Features/Q35 · https://libvirt.org/formatdomain.html#operating-system-booting',
  risk:
    'The guest sees a new chipset and new device addresses at next boot: Linux copes; Windows installs new ' +
    'drivers and may ask for reactivation. Network interface names that include the PCI slot change.',
  weight: 5,
  check(ctx) {
    const { domain } = ctx
    if (!isQemu(domain) || !isX86(domain)) return notApplicable('not an x86 QEMU/KVM domain')
    const machine = osMachine(domain)
    const evidence = [`domain XML: machine ${machine ?? 'default'}`]
    if (!isI440fx(machine)) return { verdict: 'ok', evidence }
    if (disks(domain).some((d) => d.bus === 'fdc'))
      return {
        verdict: 'improve',
        evidence: [...evidence, 'a floppy drive: q35 has none'],
        risk: 'Remove the floppy first; no fix offered.',
      }
    const ide = ideDisks(domain)
    const windows = windowsEvidence(domain)
    if (windows !== undefined && ide.length > 0)
      return {
        verdict: 'risky',
        evidence: [...evidence, `Windows guest (${windows}) with IDE disks ${ide.join(', ')}`],
        risk: 'Not switched automatically: Windows booting from IDE needs the AHCI driver (storahci) enabled before its disk moves to SATA.',
      }
    return {
      verdict: 'improve',
      evidence,
      fix: xmlFix(
        `Machine q35${ide.length > 0 ? `; IDE ${ide.join(', ')} → SATA` : ''}; PCI addresses reassigned by libvirt`,
      ),
    }
  },
  apply(domain, ctx) {
    if (this.check({ ...ctx, domain }).fix === undefined) return []
    const type = find(domain, 'os/type')
    if (type === undefined) return []
    const notes = [`Machine ${attr(type, 'machine') ?? 'default'} → q35.`]
    setAttr(type, 'machine', 'q35')
    const devices = child(domain, 'devices')
    if (devices === undefined) return notes
    const used = new Set(disks(domain).map((d) => d.target))
    for (const d of disks(domain).filter((disk) => disk.bus === 'ide')) {
      const target = child(d.el, 'target')
      if (target === undefined) continue
      setAttr(target, 'bus', 'sata')
      const dev = nextSd(used)
      used.add(dev)
      setAttr(target, 'dev', dev)
      const address = child(d.el, 'address')
      if (address !== undefined && attr(address, 'type') === 'drive') removeChild(d.el, address)
      notes.push(`${d.target} (ide) → ${dev} (sata).`)
    }
    for (const c of findAll(devices, 'controller').filter((el) =>
      ['pci', 'ide'].includes(attr(el, 'type') ?? ''),
    )) {
      removeChild(devices, c)
      const model = attr(c, 'model')
      const shown = model === undefined ? '' : ` model='${model}'`
      notes.push(`Removed <controller type='${attr(c, 'type') ?? ''}'${shown}>: q35 has its own.`)
    }
    // Only a device's own (guest) address, a direct child: a <source><address> is the host's device.
    let addresses = 0
    for (const device of findAll(devices, '*')) {
      for (const address of findAll(device, "address[@type='pci']")) {
        removeChild(device, address)
        addresses++
      }
    }
    if (addresses > 0) notes.push(`Removed ${addresses} i440FX PCI address(es): libvirt assigns PCIe ones.`)
    return notes
  },
}
