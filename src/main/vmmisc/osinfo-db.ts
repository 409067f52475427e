import type { DiskBus, NicModel, OsEntry } from '@shared/osinfo.js'
import { attr, child, children, parseXml, root, text } from '../libvirt/xml/index.js'
import type { XmlElement } from '../libvirt/xml/index.js'

/** Parses `osinfo-query os --fields=short-id,name,version,family,vendor,id` (a table with | between columns). */
export function parseOsQuery(output: string): OsEntry[] {
  const lines = output.split('\n')
  const header = lines[0]?.split('|').map((c) => c.trim().toLowerCase()) ?? []
  const col = (name: string): number => header.indexOf(name)
  const [iShort, iName, iVersion, iFamily, iVendor, iId] = [
    col('short id'),
    col('name'),
    col('version'),
    col('family'),
    col('vendor'),
    col('id'),
  ]
  const entries: OsEntry[] = []
  for (const line of lines.slice(1)) {
    if (!line.includes('|')) continue
    const cells = line.split('|').map((c) => c.trim())
    const at = (i: number): string | undefined => (i < 0 ? undefined : cells[i] || undefined)
    const shortId = at(iShort)
    const id = at(iId)
    const name = at(iName)
    if (shortId === undefined || id === undefined || name === undefined) continue
    const version = at(iVersion)
    const family = at(iFamily)
    const vendor = at(iVendor)
    entries.push({
      shortId,
      id,
      name,
      ...(version === undefined ? {} : { version }),
      ...(family === undefined ? {} : { family }),
      ...(vendor === undefined ? {} : { vendor }),
    })
  }
  return entries
}

/** What one `<os>` element of osinfo-db says (its own values, not inherited). */
export interface OsFacts {
  id: string
  name?: string
  shortIds: string[]
  /** The OS it derives from or upgrades, to inherit what it does not say itself. */
  parents: string[]
  ramBytes?: number
  storageBytes?: number
  cpus?: number
  devices: string[]
}

function num(el: XmlElement | undefined, name: string): number | undefined {
  const c = el === undefined ? undefined : child(el, name)
  const v = c === undefined ? undefined : Number(text(c)?.trim())
  return v === undefined || !Number.isFinite(v) || v <= 0 ? undefined : v
}

/** The `<os>` elements of one osinfo-db file. Prefers x86_64 resources, then "all"; recommended over minimum. */
export function parseOsFile(xml: string): OsFacts[] {
  const top = root(parseXml(xml))
  return children(top, 'os').map((os) => {
    const resources = children(os, 'resources')
    const pick =
      resources.find((r) => attr(r, 'arch') === 'x86_64') ?? resources.find((r) => attr(r, 'arch') === 'all')
    const rec = pick === undefined ? undefined : child(pick, 'recommended')
    const min = pick === undefined ? undefined : child(pick, 'minimum')
    const devicesEl = child(os, 'devices')
    const nameEl = children(os, 'name').find((n) => attr(n, 'xml:lang') === undefined)
    const ram = num(rec, 'ram') ?? num(min, 'ram')
    const storage = num(rec, 'storage') ?? num(min, 'storage')
    const cpus = num(rec, 'n-cpus') ?? num(min, 'n-cpus')
    const name = nameEl === undefined ? undefined : text(nameEl)
    return {
      id: attr(os, 'id') ?? '',
      ...(name === undefined ? {} : { name }),
      shortIds: children(os, 'short-id').map((s) => text(s) ?? ''),
      parents: [...children(os, 'derives-from'), ...children(os, 'upgrades')]
        .map((p) => attr(p, 'id'))
        .filter((id): id is string => id !== undefined),
      ...(ram === undefined ? {} : { ramBytes: ram }),
      ...(storage === undefined ? {} : { storageBytes: storage }),
      ...(cpus === undefined ? {} : { cpus }),
      devices:
        devicesEl === undefined
          ? []
          : children(devicesEl, 'device')
              .map((d) => attr(d, 'id'))
              .filter((id): id is string => id !== undefined),
    }
  })
}

const PCI = 'http://pcisig.com/pci/'
const VIRTIO_BLOCK = [`${PCI}1af4/1001`, `${PCI}1af4/1042`]
const VIRTIO_NET = [`${PCI}1af4/1000`, `${PCI}1af4/1041`]

const Q35 = 'http://qemu.org/chipset/x86/q35'

/** The disk bus the OS has drivers for: virtio with virtio-block, SATA (the Q35 chipset's AHCI) without; else nothing said. */
export function diskBusFor(devices: readonly string[]): DiskBus | undefined {
  if (devices.some((d) => VIRTIO_BLOCK.includes(d))) return 'virtio'
  if (devices.includes(Q35)) return 'sata'
  return undefined
}

/** The best NIC the OS has a driver for. */
export function nicModelFor(devices: readonly string[]): NicModel | undefined {
  if (devices.some((d) => VIRTIO_NET.includes(d))) return 'virtio'
  if (devices.includes(`${PCI}8086/10d3`)) return 'e1000e'
  if (devices.includes(`${PCI}8086/100e`)) return 'e1000'
  if (devices.includes(`${PCI}10ec/8139`)) return 'rtl8139'
  return undefined
}
