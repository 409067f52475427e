import { attr, child, children, findAll, removeAttr, removeChild, setAttr } from '../../libvirt/xml/index.js'
import type { XmlElement } from '../../libvirt/xml/index.js'
import type { TuningRule } from '../rule.js'
import { notApplicable, xmlFix } from '../rule.js'
import type { DiskInfo } from './domain.js'
import { bootDisk, disks, isQemu, windowsEvidence, writableDisks } from './domain.js'

const EMULATED = ['ide', 'sata', 'usb', 'fdc']
/** Children and target attributes only emulated buses take; libvirt refuses them on virtio. */
const EMULATED_ONLY_CHILDREN = ['wwn', 'vendor', 'product']
const EMULATED_ONLY_TARGET = ['rotation_rate', 'removable']

export const VIOSTOR_STEPS =
  'Install the virtio storage driver (viostor) in Windows first: attach the virtio-win ISO ' +
  '(https://fedorapeople.org/groups/virt/virtio-win/direct-downloads/), add a small second disk with bus virtio, ' +
  'boot Windows, install the driver from E:\\viostor\\<version>\\amd64 in Device Manager, shut down, then ' +
  'switch the boot disk to virtio. Switching first leaves Windows unable to boot (INACCESSIBLE_BOOT_DEVICE).'

function virtioScsi(domain: XmlElement): boolean {
  return findAll(domain, "devices/controller[@type='scsi']").some((c) => attr(c, 'model') === 'virtio-scsi')
}

function slow(domain: XmlElement, d: DiskInfo): boolean {
  if (d.bus === undefined) return false
  return EMULATED.includes(d.bus) || (d.bus === 'scsi' && !virtioScsi(domain))
}

function nextVd(used: Set<string>): string {
  for (let i = 0; i < 26 * 27; i++) {
    const name =
      i < 26
        ? `vd${String.fromCharCode(97 + i)}`
        : `vd${String.fromCharCode(96 + Math.floor(i / 26))}${String.fromCharCode(97 + (i % 26))}`
    if (!used.has(name)) return name
  }
  return 'vdzz'
}

/** Disks on virtio (virtio-blk, or SCSI on virtio-scsi) instead of emulated IDE/SATA/USB controllers. */
export const diskBus: TuningRule = {
  id: 'disk-bus',
  area: 'disk',
  title: 'Disks on virtio',
  explanation:
    'IDE and SATA are emulated controllers: every disk request goes through emulated registers and costs ' +
    'several exits to QEMU. virtio-blk (or virtio-scsi) is a paravirtual queue the guest fills directly; ' +
    'Linux has the driver built in, Windows needs viostor from virtio-win.',
  source:
    'https://www.linux-kvm.org/page/Tuning_KVM · https://libvirt.org/formatdomain.html#hard-drives-floppy-disks-cdroms',
  risk: 'The guest names the disk differently (/dev/vda instead of /dev/sda): an fstab or bootloader that names /dev/sdX instead of a UUID or label must be updated first.',
  weight: 15,
  check(ctx) {
    const { domain } = ctx
    if (!isQemu(domain)) return notApplicable('not a QEMU/KVM domain')
    const all = writableDisks(domain)
    if (all.length === 0) return notApplicable('no writable hard disk')
    const evidence = all.map((d) => `domain XML: disk ${d.target} on bus ${d.bus ?? '(default)'}`)
    const slowDisks = all.filter((d) => slow(domain, d))
    if (slowDisks.length === 0) return { verdict: 'ok', evidence }
    if (ctx.domcaps !== undefined && !ctx.domcaps.diskBuses.includes('virtio'))
      return { verdict: 'not-applicable', evidence: [...evidence, 'domcapabilities: no virtio disk bus'] }
    const windows = windowsEvidence(domain)
    if (windows !== undefined) {
      const boot = bootDisk(domain)
      return {
        verdict: 'risky',
        evidence: [
          ...evidence,
          `Windows guest (${windows})`,
          ...(boot === undefined ? [] : [`boot disk ${boot.target}`]),
        ],
        explanation: `${this.explanation} ${VIOSTOR_STEPS}`,
        risk: 'Not switched automatically: Windows without viostor cannot boot from (or see) a virtio disk.',
      }
    }
    return {
      verdict: 'improve',
      evidence,
      fix: xmlFix(`Move ${slowDisks.map((d) => d.target).join(', ')} to bus virtio`),
    }
  },
  apply(domain, ctx) {
    const check = this.check({ ...ctx, domain })
    if (check.fix === undefined) return []
    const used = new Set(disks(domain).map((d) => d.target))
    const notes: string[] = []
    for (const d of writableDisks(domain).filter((disk) => slow(domain, disk))) {
      const target = child(d.el, 'target')
      if (target === undefined) continue
      setAttr(target, 'bus', 'virtio')
      let dev = d.target
      if (!dev.startsWith('vd')) {
        dev = nextVd(used)
        used.add(dev)
        setAttr(target, 'dev', dev)
      }
      for (const name of EMULATED_ONLY_TARGET) removeAttr(target, name)
      const address = child(d.el, 'address')
      if (address !== undefined && attr(address, 'type') === 'drive') removeChild(d.el, address)
      for (const el of children(d.el).filter((c) => EMULATED_ONLY_CHILDREN.includes(c.name))) {
        removeChild(d.el, el)
        notes.push(`Removed <${el.name}> of ${d.target}: only IDE/SCSI disks have it.`)
      }
      notes.push(
        `${d.target} (${d.bus ?? ''}) → ${dev} (virtio)${address === undefined ? '' : '; its drive address goes, libvirt gives it a PCI slot'}.`,
      )
    }
    return notes
  },
}
