import { setAttr } from '../../libvirt/xml/index.js'
import type { TuningRule } from '../rule.js'
import { notApplicable, xmlFix } from '../rule.js'
import { isQemu, writableDisks } from './domain.js'
import { diskDriver, driverAttr, isLocal } from './disk-driver.js'

/** discard='unmap': the guest's TRIM frees space in the image or on the device. */
export const diskDiscard: TuningRule = {
  id: 'disk-discard',
  area: 'disk',
  title: "Disk discard='unmap'",
  explanation:
    "By default QEMU ignores the guest's TRIM/discard requests, so deleted files keep their space in a qcow2 " +
    'image or on a thin LVM volume, and an SSD under the image never learns which blocks are free. ' +
    "discard='unmap' passes them on.",
  source: 'https://libvirt.org/formatdomain.html#hard-drives-floppy-disks-cdroms',
  risk: 'A discarded part of a preallocated qcow2 image is unallocated again (its next write pays the allocation); thin storage can be overcommitted further.',
  weight: 4,
  check(ctx) {
    const { domain } = ctx
    if (!isQemu(domain)) return notApplicable('not a QEMU/KVM domain')
    const local = writableDisks(domain).filter(isLocal)
    if (local.length === 0) return notApplicable('no local writable disk')
    const evidence = local.map(
      (d) => `domain XML: disk ${d.target} discard=${driverAttr(d, 'discard') ?? 'default (ignore)'}`,
    )
    const off = local.filter((d) => driverAttr(d, 'discard') !== 'unmap')
    if (off.length === 0) return { verdict: 'ok', evidence }
    return {
      verdict: 'improve',
      evidence,
      fix: xmlFix(`discard='unmap' on ${off.map((d) => d.target).join(', ')}`),
    }
  },
  apply(domain, ctx) {
    if (this.check({ ...ctx, domain }).fix === undefined) return []
    const changed = writableDisks(domain).filter((d) => isLocal(d) && driverAttr(d, 'discard') !== 'unmap')
    for (const d of changed) setAttr(diskDriver(d), 'discard', 'unmap')
    return changed.map((d) => `${d.target}: discard=unmap.`)
  },
}
