import { attr, child, findAll, setAttr, setText } from '../../libvirt/xml/index.js'
import type { XmlElement } from '../../libvirt/xml/index.js'
import type { TuningRule } from '../rule.js'
import { notApplicable, xmlFix } from '../rule.js'
import { domainChild, isQemu, textOf, writableDisks } from './domain.js'
import { diskDriver, driverAttr } from './disk-driver.js'

function firstIothread(domain: XmlElement): string | undefined {
  const ids = findAll(domain, 'iothreadids/iothread')
  if (ids.length > 0) return attr(ids[0] ?? domain, 'id')
  const count = Number(textOf(child(domain, 'iothreads')) ?? '0')
  return count > 0 ? '1' : undefined
}

/** virtio-blk disks served by an I/O thread instead of QEMU's main loop. */
export const diskIothread: TuningRule = {
  id: 'disk-iothread',
  area: 'disk',
  title: 'An I/O thread for virtio disks',
  explanation:
    "Without an iothread, a virtio disk's requests are handled in QEMU's main loop, together with everything " +
    'else the VM emulates (and the big QEMU lock). A dedicated I/O thread handles them beside the vCPUs, which ' +
    'lowers latency under load.',
  source: 'https://libvirt.org/formatdomain.html#iothreads-allocation',
  risk: 'One more host thread per VM; nothing changes inside the guest.',
  weight: 4,
  check(ctx) {
    const { domain } = ctx
    if (!isQemu(domain)) return notApplicable('not a QEMU/KVM domain')
    const virtio = writableDisks(domain).filter((d) => d.bus === 'virtio')
    if (virtio.length === 0) return notApplicable('no virtio disk (see "Disks on virtio")')
    const evidence = virtio.map(
      (d) => `domain XML: disk ${d.target} iothread=${driverAttr(d, 'iothread') ?? 'none'}`,
    )
    if (ctx.domcaps !== undefined && !ctx.domcaps.iothreads)
      return {
        verdict: 'not-applicable',
        evidence: [...evidence, 'domcapabilities: iothreads not supported'],
      }
    const without = virtio.filter((d) => driverAttr(d, 'iothread') === undefined)
    if (without.length === 0) return { verdict: 'ok', evidence }
    return {
      verdict: 'improve',
      evidence,
      fix: xmlFix(
        `Serve ${without.map((d) => d.target).join(', ')} from I/O thread ${firstIothread(domain) ?? '1'}`,
      ),
    }
  },
  apply(domain, ctx) {
    if (this.check({ ...ctx, domain }).fix === undefined) return []
    const notes: string[] = []
    let id = firstIothread(domain)
    if (id === undefined) {
      const iothreads = domainChild(domain, 'iothreads')
      setText(iothreads, '1')
      id = '1'
      notes.push('Added <iothreads>1</iothreads>.')
    }
    for (const d of writableDisks(domain).filter(
      (disk) => disk.bus === 'virtio' && driverAttr(disk, 'iothread') === undefined,
    )) {
      setAttr(diskDriver(d), 'iothread', id)
      notes.push(`${d.target}: iothread ${id}.`)
    }
    return notes
  },
}
