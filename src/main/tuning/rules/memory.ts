import type { XmlElement } from '../../libvirt/xml/index.js'
import { attr, child, children, find, findAll, insertChild, removeChild } from '../../libvirt/xml/index.js'
import type { TuningContext, TuningRule } from '../rule.js'
import { notApplicable, xmlFix } from '../rule.js'
import type { HugePagePool } from '../host-caps.js'
import { domainChild, isQemu, kib, memoryKiB } from './domain.js'

const SMALL_KIB = 2 * 1024 ** 2

/** The smallest reserved huge-page pool that holds the whole VM. */
function fittingPool(ctx: TuningContext, domain: XmlElement): HugePagePool | undefined {
  const need = memoryKiB(domain)
  return ctx.caps.hugePages.find((p) => p.count * p.sizeKiB >= need)
}

/** Guest memory on huge pages reserved on the host. */
export const memoryHugepages: TuningRule = {
  id: 'memory-hugepages',
  area: 'memory',
  title: 'Memory on huge pages',
  explanation:
    'Guest memory in 4 KiB pages needs a deep two-level page walk on every TLB miss. Backed by 2 MiB or 1 GiB ' +
    'huge pages reserved on the host, the walks are shorter and fewer TLB entries cover the whole VM: memory-bound ' +
    "work gets faster. Reserve them first: sudo sysctl vm.nr_hugepages=N (N × 2 MiB ≥ the VM's memory; keep it in " +
    '/etc/sysctl.d/), or hugepagesz=1G hugepages=N on the kernel command line for 1 GiB pages.',
  source:
    'https://libvirt.org/formatdomain.html#memory-backing · https://www.kernel.org/doc/html/latest/admin-guide/mm/hugetlbpage.html',
  risk:
    'Reserved huge pages are taken from the host for good, used or not; the VM does not start when too few are ' +
    'free (other VMs on huge pages take theirs). No memory ballooning or KSM sharing on huge pages.',
  weight: 6,
  check(ctx) {
    const { domain } = ctx
    if (!isQemu(domain)) return notApplicable('not a QEMU/KVM domain')
    const mem = memoryKiB(domain)
    const pools = ctx.caps.hugePages.filter((p) => p.count > 0)
    const evidence = [
      `domain XML: memory ${kib(mem)}, huge pages ${find(domain, 'memoryBacking/hugepages') === undefined ? 'no' : 'yes'}`,
      `capabilities: reserved huge pages ${pools.map((p) => `${p.count} × ${kib(p.sizeKiB)}`).join(', ') || 'none'}`,
    ]
    if (find(domain, 'memoryBacking/hugepages') !== undefined) return { verdict: 'ok', evidence }
    if (mem < SMALL_KIB) return { verdict: 'ok', evidence: [...evidence, 'under 2 GiB: little to gain'] }
    const pool = fittingPool(ctx, domain)
    if (pool === undefined) {
      const pages = Math.ceil(mem / 2048)
      return {
        verdict: 'improve',
        evidence,
        explanation: `${this.explanation} For this VM: sudo sysctl vm.nr_hugepages=${pages} (or more with other VMs on huge pages).`,
        risk: `No fix offered until the host reserves ${kib(mem)} of huge pages: the VM would not start.`,
      }
    }
    return { verdict: 'improve', evidence, fix: xmlFix(`Back memory with ${kib(pool.sizeKiB)} huge pages`) }
  },
  apply(domain, ctx) {
    if (this.check({ ...ctx, domain }).fix === undefined) return []
    const pool = fittingPool(ctx, domain)
    if (pool === undefined) return []
    const backing = domainChild(domain, 'memoryBacking')
    const hugepages = insertChild(backing, 0, 'hugepages')
    if (pool.sizeKiB !== 2048) insertChild(hugepages, 0, 'page', { size: String(pool.sizeKiB), unit: 'KiB' })
    return [`Memory on ${kib(pool.sizeKiB)} huge pages (${pool.count} reserved on the host).`]
  },
}

function balloon(domain: XmlElement): XmlElement | undefined {
  return find(domain, 'devices/memballoon')
}

function pinnedMemory(domain: XmlElement): string | undefined {
  if (find(domain, 'memoryBacking/hugepages') !== undefined) return 'memory on huge pages'
  if (findAll(domain, "devices/hostdev[@type='pci']").length > 0)
    return 'PCI devices passed through (memory pinned)'
  if (find(domain, 'memoryBacking/locked') !== undefined) return 'memory locked'
  return undefined
}

/** The memory balloon: useful to give memory back, useless (and a cost) where memory cannot move. */
export const memoryBalloon: TuningRule = {
  id: 'memory-balloon',
  area: 'memory',
  title: 'Memory balloon',
  explanation:
    "The virtio balloon lets the host take memory back from a running guest (virsh setmem) and reports the guest's " +
    'memory use. Where guest memory cannot move — huge pages, PCI passthrough, locked memory — it reclaims ' +
    "nothing, and the driver's polling only costs; model='none' removes it.",
  source: 'https://libvirt.org/formatdomain.html#memory-balloon-device',
  risk: 'No more virsh setmem or balloon memory statistics for this VM.',
  weight: 3,
  check(ctx) {
    const { domain } = ctx
    if (!isQemu(domain)) return notApplicable('not a QEMU/KVM domain')
    const el = balloon(domain)
    const model = el === undefined ? 'virtio (libvirt default)' : (attr(el, 'model') ?? '?')
    const evidence = [`domain XML: memballoon ${model}`]
    if (model === 'none') return { verdict: 'ok', evidence }
    const pinned = pinnedMemory(domain)
    if (pinned === undefined)
      return { verdict: 'ok', evidence, explanation: `${this.explanation} Here memory can move: keep it.` }
    return {
      verdict: 'improve',
      evidence: [...evidence, `domain XML: ${pinned}`],
      fix: xmlFix("Set <memballoon model='none'/>"),
    }
  },
  apply(domain, ctx) {
    if (this.check({ ...ctx, domain }).fix === undefined) return []
    const el = balloon(domain)
    const devices = child(domain, 'devices')
    if (devices === undefined) return []
    if (el === undefined) {
      insertChild(devices, Number.MAX_SAFE_INTEGER, 'memballoon', { model: 'none' })
      return ["Added <memballoon model='none'/>."]
    }
    el.attributes = el.attributes.filter((a) => a.name === 'model')
    el.attributes[0] = { ...(el.attributes[0] ?? { name: 'model' }), value: 'none' }
    for (const c of children(el)) removeChild(el, c)
    return ['memballoon model → none (its address and options go with it).']
  },
}
