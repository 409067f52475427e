import type {
  DomainDisk,
  DomainGraphics,
  DomainHostdev,
  DomainNic,
  DomainOverview,
  Firmware,
} from '@shared/vms.js'
import { libosinfoElement, libosinfoIdIn, osLabel } from './os-metadata.js'
import { attr, child, children, find, findAll, parseXml, root, text } from './xml/index.js'
import type { XmlElement } from './xml/index.js'

/** A domain's XML read into the model the details page shows. Read-only: editing goes through define. */

export interface DomainXmlFacts {
  name: string
  uuid: string
  overview: DomainOverview
  disks: DomainDisk[]
  nics: DomainNic[]
  graphics: DomainGraphics[]
  hostdevs: DomainHostdev[]
  /** The NVRAM file of a UEFI domain, when the XML names it. */
  nvram?: string
}

const UNIT_KIB: Record<string, number> = {
  b: 1 / 1024,
  bytes: 1 / 1024,
  kb: 1000 / 1024,
  k: 1,
  kib: 1,
  mb: 1e6 / 1024,
  m: 1024,
  mib: 1024,
  gb: 1e9 / 1024,
  g: 1024 ** 2,
  gib: 1024 ** 2,
  tb: 1e12 / 1024,
  t: 1024 ** 3,
  tib: 1024 ** 3,
}

/** `<memory unit='MiB'>64</memory>` → 65536 (KiB; libvirt's default unit). */
export function memoryKiB(el: XmlElement | undefined): number | undefined {
  const value = el === undefined ? undefined : text(el)?.trim()
  if (value === undefined || !/^\d+$/.test(value)) return undefined
  const factor = UNIT_KIB[(attr(el as XmlElement, 'unit') ?? 'KiB').toLowerCase()] ?? 1
  return Math.round(Number(value) * factor)
}

/** An attribute of an element that may be absent. */
function attrOf(el: XmlElement | undefined, name: string): string | undefined {
  return el === undefined ? undefined : attr(el, name)
}

function textOf(el: XmlElement | undefined): string | undefined {
  return el === undefined ? undefined : text(el)?.trim()
}

function int(value: string | undefined): number | undefined {
  if (value === undefined || !/^-?\d+$/.test(value.trim())) return undefined
  return Number(value.trim())
}

function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V }
}

export function readDomainXml(xml: string): DomainXmlFacts {
  const domain = root(parseXml(xml))
  const os = child(domain, 'os')
  const type = os === undefined ? undefined : child(os, 'type')
  const loader = os === undefined ? undefined : child(os, 'loader')
  const loaderPath = loader === undefined ? undefined : text(loader)?.trim()
  const firmwareAttr = os === undefined ? undefined : attr(os, 'firmware')
  const uefi =
    firmwareAttr === 'efi' ||
    (loader !== undefined && attr(loader, 'type') === 'pflash') ||
    /OVMF|edk2|AAVMF|efi/i.test(loaderPath ?? '')
  const firmware: Firmware = uefi ? 'uefi' : 'bios'
  const secureBoot =
    (loader !== undefined && attr(loader, 'secure') === 'yes') ||
    (os !== undefined &&
      findAll(os, "firmware/feature[@name='secure-boot']").some((f) => attr(f, 'enabled') === 'yes'))
  const cpu = child(domain, 'cpu')
  const vcpu = child(domain, 'vcpu')
  const maxVcpus = int(vcpu === undefined ? undefined : text(vcpu)) ?? 1
  const memory = memoryKiB(child(domain, 'memory')) ?? 0
  const osId = libosinfoElement(child(domain, 'metadata'))
  const id = osId === undefined ? undefined : libosinfoIdIn(osId)
  const nvramEl = os === undefined ? undefined : child(os, 'nvram')
  const nvram = nvramEl === undefined ? undefined : text(nvramEl)?.trim()
  const titleEl = child(domain, 'title')
  const descriptionEl = child(domain, 'description')

  const overview: DomainOverview = {
    firmware,
    secureBoot,
    memoryKiB: memory,
    currentMemoryKiB: memoryKiB(child(domain, 'currentMemory')) ?? memory,
    vcpus: int(vcpu === undefined ? undefined : attr(vcpu, 'current')) ?? maxVcpus,
    maxVcpus,
    ...opt('machine', type === undefined ? undefined : attr(type, 'machine')),
    ...opt('arch', type === undefined ? undefined : attr(type, 'arch')),
    ...opt('osType', type === undefined ? undefined : text(type)?.trim()),
    ...opt('loader', loaderPath || undefined),
    ...opt(
      'cpuMode',
      cpu === undefined
        ? undefined
        : (attr(cpu, 'mode') ?? (child(cpu, 'model') === undefined ? undefined : 'custom')),
    ),
    ...opt('cpuModel', textOf(cpu === undefined ? undefined : child(cpu, 'model'))),
    ...opt('os', id === undefined ? undefined : osLabel(id)),
    ...opt('title', titleEl === undefined ? undefined : text(titleEl)),
    ...opt('description', descriptionEl === undefined ? undefined : text(descriptionEl)),
  }
  const devices = child(domain, 'devices')
  const nameEl = child(domain, 'name')
  return {
    name: (nameEl === undefined ? undefined : text(nameEl)) ?? '',
    uuid: textOf(child(domain, 'uuid')) ?? '',
    overview,
    disks: devices === undefined ? [] : children(devices, 'disk').map(readDisk),
    nics: devices === undefined ? [] : children(devices, 'interface').map(readNic),
    graphics: devices === undefined ? [] : children(devices, 'graphics').map(readGraphics),
    hostdevs: devices === undefined ? [] : children(devices, 'hostdev').map(readHostdev),
    ...opt('nvram', nvram || undefined),
  }
}

function readDisk(disk: XmlElement): DomainDisk {
  const source = child(disk, 'source')
  const driver = child(disk, 'driver')
  const target = child(disk, 'target')
  const sourceType = attr(disk, 'type') ?? 'file'
  const pool = source === undefined ? undefined : attr(source, 'pool')
  const volume = source === undefined ? undefined : attr(source, 'volume')
  let path: string | undefined
  if (source !== undefined) {
    path = attr(source, 'file') ?? attr(source, 'dev') ?? attr(source, 'dir')
    if (path === undefined && sourceType === 'network') {
      const protocol = attr(source, 'protocol')
      const name = attr(source, 'name')
      if (name !== undefined) path = protocol === undefined ? name : `${protocol}:${name}`
    }
    if (path === undefined && pool !== undefined && volume !== undefined) path = `${pool}/${volume}`
  }
  return {
    device: attr(disk, 'device') ?? 'disk',
    sourceType,
    target: target === undefined ? '' : (attr(target, 'dev') ?? ''),
    readonly: child(disk, 'readonly') !== undefined,
    ...opt('path', path),
    ...opt('pool', pool),
    ...opt('volume', volume),
    ...opt('bus', target === undefined ? undefined : attr(target, 'bus')),
    ...opt('cache', driver === undefined ? undefined : attr(driver, 'cache')),
    ...opt('format', driver === undefined ? undefined : attr(driver, 'type')),
  }
}

function readNic(nic: XmlElement): DomainNic {
  const source = child(nic, 'source')
  const type = attr(nic, 'type') ?? 'network'
  const sourceName =
    source === undefined
      ? undefined
      : (attr(source, 'network') ?? attr(source, 'bridge') ?? attr(source, 'dev') ?? attr(source, 'path'))
  return {
    type,
    ...opt('source', sourceName),
    ...opt('mac', attrOf(child(nic, 'mac'), 'address')),
    ...opt('model', attrOf(child(nic, 'model'), 'type')),
    ...opt('target', attrOf(child(nic, 'target'), 'dev')),
  }
}

function readGraphics(graphics: XmlElement): DomainGraphics {
  const port = int(attr(graphics, 'port'))
  const listenEl = child(graphics, 'listen')
  const listen =
    attr(graphics, 'listen') ??
    attrOf(listenEl, 'address') ??
    attrOf(listenEl, 'socket') ??
    attrOf(listenEl, 'network')
  return {
    type: attr(graphics, 'type') ?? 'unknown',
    autoport: attr(graphics, 'autoport') === 'yes',
    ...opt('port', port !== undefined && port > 0 ? port : undefined),
    ...opt('listen', listen),
  }
}

function readHostdev(hostdev: XmlElement): DomainHostdev {
  const type = attr(hostdev, 'type') ?? 'unknown'
  const source = child(hostdev, 'source')
  let address = ''
  if (source !== undefined) {
    const addr = child(source, 'address')
    if (type === 'pci' && addr !== undefined) {
      const hex = (name: string, width: number): string =>
        (attr(addr, name) ?? '0').replace(/^0x/i, '').padStart(width, '0')
      address = `${hex('domain', 4)}:${hex('bus', 2)}:${hex('slot', 2)}.${(attr(addr, 'function') ?? '0').replace(/^0x/i, '')}`
    } else if (type === 'usb') {
      const vendor = find(source, 'vendor')
      const product = find(source, 'product')
      if (vendor !== undefined && product !== undefined)
        address = `${(attr(vendor, 'id') ?? '').replace(/^0x/i, '')}:${(attr(product, 'id') ?? '').replace(/^0x/i, '')}`
      else if (addr !== undefined)
        address = `bus ${attr(addr, 'bus') ?? '?'} device ${attr(addr, 'device') ?? '?'}`
    } else if (type === 'mdev' && addr !== undefined) address = attr(addr, 'uuid') ?? ''
    else if (type === 'scsi') {
      const adapter = child(source, 'adapter')
      address = [
        adapter === undefined ? undefined : attr(adapter, 'name'),
        addr === undefined
          ? undefined
          : `${attr(addr, 'bus') ?? 0}:${attr(addr, 'target') ?? 0}:${attr(addr, 'unit') ?? 0}`,
      ]
        .filter((part) => part !== undefined)
        .join(' ')
    }
  }
  return { type, address, managed: attr(hostdev, 'managed') === 'yes' }
}
