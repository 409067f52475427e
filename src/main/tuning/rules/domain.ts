import type { XmlElement } from '../../libvirt/xml/index.js'
import { attr, child, children, find, findAll, insertChild, text } from '../../libvirt/xml/index.js'
import { libosinfoElement, libosinfoIdIn } from '../../libvirt/os-metadata.js'

/** Reading a domain the way the rules need it, and placing new top-level elements where libvirt writes them. */

export function textOf(el: XmlElement | undefined): string | undefined {
  return el === undefined ? undefined : text(el)?.trim()
}

export function domainType(domain: XmlElement): string {
  return attr(domain, 'type') ?? ''
}

/** KVM or QEMU (TCG) domains; the rules say nothing about Xen, LXC or others. */
export function isQemu(domain: XmlElement): boolean {
  return ['kvm', 'qemu'].includes(domainType(domain))
}

export function vcpuCount(domain: XmlElement): number {
  return Number(textOf(child(domain, 'vcpu')) ?? '1') || 1
}

const UNIT_KIB: Record<string, number> = {
  b: 1 / 1024,
  bytes: 1 / 1024,
  k: 1,
  kib: 1,
  kb: 1000 / 1024,
  m: 1024,
  mib: 1024,
  mb: 1e6 / 1024,
  g: 1024 ** 2,
  gib: 1024 ** 2,
  gb: 1e9 / 1024,
  t: 1024 ** 3,
  tib: 1024 ** 3,
}

export function memoryKiB(domain: XmlElement): number {
  const el = child(domain, 'memory')
  const value = Number(textOf(el) ?? '0')
  const unit = (el === undefined ? undefined : attr(el, 'unit'))?.toLowerCase() ?? 'kib'
  return value * (UNIT_KIB[unit] ?? 1)
}

export function osMachine(domain: XmlElement): string | undefined {
  const type = find(domain, 'os/type')
  return type === undefined ? undefined : attr(type, 'machine')
}

export function isX86(domain: XmlElement): boolean {
  const type = find(domain, 'os/type')
  const arch = type === undefined ? undefined : attr(type, 'arch')
  return arch === undefined || arch === 'x86_64' || arch === 'i686'
}

/** Why the domain is taken for Windows, or undefined: its libosinfo OS, or Hyper-V enlightenments. */
export function windowsEvidence(domain: XmlElement): string | undefined {
  const meta = libosinfoElement(child(domain, 'metadata'))
  const id = meta === undefined ? undefined : libosinfoIdIn(meta)
  if (id !== undefined) return /microsoft\.com\/win/i.test(id) ? `libosinfo OS ${id}` : undefined
  if (find(domain, 'features/hyperv') !== undefined) return 'Hyper-V enlightenments in <features>'
  return undefined
}

export interface DiskInfo {
  el: XmlElement
  target: string
  bus: string | undefined
  type: string
  device: string
  driver: XmlElement | undefined
  format: string | undefined
  /** File path or block device; undefined for network and volume disks. */
  path: string | undefined
  readonly: boolean
}

export function disks(domain: XmlElement): DiskInfo[] {
  return findAll(domain, 'devices/disk').map((el) => {
    const target = child(el, 'target')
    const driver = child(el, 'driver')
    const source = child(el, 'source')
    const type = attr(el, 'type') ?? 'file'
    const path =
      source === undefined
        ? undefined
        : type === 'file'
          ? attr(source, 'file')
          : type === 'block'
            ? attr(source, 'dev')
            : undefined
    return {
      el,
      target: (target === undefined ? undefined : attr(target, 'dev')) ?? '?',
      bus: target === undefined ? undefined : attr(target, 'bus'),
      type,
      device: attr(el, 'device') ?? 'disk',
      driver,
      format: driver === undefined ? undefined : attr(driver, 'type'),
      path,
      readonly: child(el, 'readonly') !== undefined,
    }
  })
}

/** Hard disks the guest writes to (not CD-ROMs, floppies, LUN passthrough or read-only disks). */
export function writableDisks(domain: XmlElement): DiskInfo[] {
  return disks(domain).filter((d) => d.device === 'disk' && !d.readonly)
}

/** The disk the guest boots from: `<boot order='1'/>` on a disk, else the first hard disk. */
export function bootDisk(domain: XmlElement): DiskInfo | undefined {
  const all = disks(domain).filter((d) => d.device === 'disk')
  const ordered = all.filter((d) => child(d.el, 'boot') !== undefined)
  if (ordered.length > 0) {
    return ordered.sort((a, b) => order(a) - order(b))[0]
  }
  return all[0]
}

function order(d: DiskInfo): number {
  const boot = child(d.el, 'boot')
  return Number(boot === undefined ? undefined : attr(boot, 'order')) || 1000
}

/** Where libvirt writes each top-level element of a domain, in order (formatdomain / virDomainDefFormat). */
const DOMAIN_ORDER = [
  'name',
  'uuid',
  'genid',
  'title',
  'description',
  'metadata',
  'maxMemory',
  'memory',
  'currentMemory',
  'blkiotune',
  'memtune',
  'memoryBacking',
  'vcpu',
  'vcpus',
  'iothreads',
  'iothreadids',
  'defaultiothread',
  'cputune',
  'numatune',
  'resource',
  'sysinfo',
  'bootloader',
  'bootloader_args',
  'os',
  'idmap',
  'features',
  'cpu',
  'clock',
  'on_poweroff',
  'on_reboot',
  'on_crash',
  'pm',
  'perf',
  'devices',
]

/** The existing child `name` of the domain, or a new one placed where libvirt would write it. */
export function domainChild(
  domain: XmlElement,
  name: string,
  attrs: Record<string, string> = {},
): XmlElement {
  const existing = child(domain, name)
  if (existing !== undefined) return existing
  const rank = DOMAIN_ORDER.indexOf(name)
  const elements = children(domain)
  const before = elements.findIndex((el) => {
    const r = DOMAIN_ORDER.indexOf(el.name)
    return r > rank
  })
  return insertChild(domain, before === -1 ? elements.length : before, name, attrs)
}

export function elementChild(
  parent: XmlElement,
  name: string,
  attrs: Record<string, string> = {},
  first = false,
): XmlElement {
  return child(parent, name) ?? insertChild(parent, first ? 0 : Number.MAX_SAFE_INTEGER, name, attrs)
}

export function kib(value: number): string {
  if (value >= 1024 ** 2) return `${(value / 1024 ** 2).toFixed(value % 1024 ** 2 === 0 ? 0 : 1)} GiB`
  if (value >= 1024) return `${(value / 1024).toFixed(0)} MiB`
  return `${value} KiB`
}
