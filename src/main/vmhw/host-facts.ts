import type { HardwareHost, HostDevice } from '@shared/vm-hardware.js'
import type { LibvirtConnection } from '../libvirt/libvirt-connection.js'
import { parseVolList } from '../libvirt/storage.js'
import { parseNames } from '../libvirt/virsh-parse.js'
import { attr, child, find, findAll, parseXml, root, text } from '../libvirt/xml/index.js'

/** What the Hardware tab's choices come from on a host: pools, networks, bridges, ISO images, helpers, devices. */

export type HwConnection = Pick<
  LibvirtConnection,
  'read' | 'readBatch' | 'run' | 'runLong' | 'withTempFile' | 'host' | 'hostId' | 'where' | 'uri' | 'audited'
>

const VIRTIOFSD = ['/usr/libexec/virtiofsd', '/usr/lib/qemu/virtiofsd', '/usr/bin/virtiofsd']

function names(out: string): string[] {
  return parseNames(out)
    .map((n) => n.trimEnd())
    .filter((n) => n.length > 0)
}

async function exists(conn: HwConnection, flag: '-x' | '-e' | '-d', path: string): Promise<boolean> {
  const result = await conn.host.exec('test', [flag, path], { timeoutMs: 10_000 }).catch(() => undefined)
  return result?.code === 0
}

export async function pathExists(conn: HwConnection, path: string, dir = false): Promise<boolean> {
  return exists(conn, dir ? '-d' : '-e', path)
}

export async function hostFacts(conn: HwConnection): Promise<HardwareHost> {
  const [allPools, activePools, allNets, activeNets, domcaps] = (
    await conn.readBatch([
      ['pool-list', '--all', '--name'],
      ['pool-list', '--name'],
      ['net-list', '--all', '--name'],
      ['net-list', '--name'],
      ['domcapabilities'],
    ])
  ).outputs.map((o) => o ?? '')
  const active = new Set(names(activePools ?? ''))
  const activeN = new Set(names(activeNets ?? ''))
  const bridges = await conn.host
    .exec('find', ['-L', '/sys/class/net', '-mindepth', '2', '-maxdepth', '2', '-name', 'bridge'], {
      timeoutMs: 10_000,
    })
    .then((r) =>
      r.stdout
        .split('\n')
        .map((l) => /^\/sys\/class\/net\/([^/]+)\/bridge$/.exec(l.trim())?.[1])
        .filter((b): b is string => b !== undefined),
    )
    .catch(() => [])
  let virtiofsd: string | undefined
  for (const p of VIRTIOFSD) if (virtiofsd === undefined && (await exists(conn, '-x', p))) virtiofsd = p
  const facts: HardwareHost = {
    pools: names(allPools ?? '').map((name) => ({ name, active: active.has(name) })),
    networks: names(allNets ?? '').map((name) => ({ name, active: activeN.has(name) })),
    bridges: bridges.sort(),
    swtpm: swtpmAvailable(domcaps ?? ''),
  }
  if (virtiofsd !== undefined) facts.virtiofsd = virtiofsd
  return facts
}

/** libvirt lists the emulator TPM backend in its domain capabilities only when swtpm is installed. */
export function swtpmAvailable(domcapsXml: string): boolean {
  if (domcapsXml.trim() === '') return false
  const values = findAll(root(parseXml(domcapsXml)), "devices/tpm/enum[@name='backendModel']/value")
  return values.some((v) => text(v)?.trim() === 'emulator')
}

/** Paths of ISO images in the host's active pools (volume names ending in .iso). */
export async function isoImages(conn: HwConnection, pools: readonly string[]): Promise<string[]> {
  if (pools.length === 0) return []
  const batch = await conn.readBatch(pools.map((p) => ['vol-list', '--pool', p]))
  const paths = batch.outputs.flatMap((out) => parseVolList(out ?? '').map((v) => v.path))
  return [...new Set(paths.filter((p) => /\.iso$/i.test(p)))].sort()
  return [...new Set(paths)].sort()
}

/** Every MAC address used by a domain of the host (definitions and running ones). */
export async function hostMacs(conn: HwConnection): Promise<Set<string>> {
  const uuids = names(await conn.read(['list', '--all', '--uuid']))
  const batch =
    uuids.length === 0 ? { outputs: [] } : await conn.readBatch(uuids.map((u) => ['dumpxml', '--domain', u]))
  const macs = new Set<string>()
  for (const xml of batch.outputs)
    for (const m of (xml ?? '').matchAll(/<mac address=['"]([0-9a-fA-F:]{17})['"]/g))
      if (m[1] !== undefined) macs.add(m[1].toLowerCase())
  return macs
}

/** A random MAC in QEMU's 52:54:00 range that no domain of the host uses. */
export function freshMac(used: ReadonlySet<string>, random: () => number = Math.random): string {
  for (;;) {
    const bytes = [0, 0, 0].map(() =>
      Math.floor(random() * 256)
        .toString(16)
        .padStart(2, '0'),
    )
    const mac = `52:54:00:${bytes.join(':')}`
    if (!used.has(mac)) return mac
  }
}

function hexId(value: string | undefined, width: number): string {
  return (value ?? '').replace(/^0x/i, '').padStart(width, '0').toLowerCase()
}

/** One `nodedev-dumpxml` as a device the Hardware tab can offer. */
export function parseNodeDevice(xml: string): HostDevice | undefined {
  const dev = root(parseXml(xml))
  const name = text(child(dev, 'name') ?? dev)?.trim() ?? ''
  const cap = child(dev, 'capability')
  if (cap === undefined) return undefined
  const type = attr(cap, 'type')
  const vendorEl = child(cap, 'vendor')
  const productEl = child(cap, 'product')
  const vendor = (vendorEl === undefined ? '' : text(vendorEl)?.trim()) ?? ''
  const product = (productEl === undefined ? '' : text(productEl)?.trim()) ?? ''
  if (type === 'usb_device') {
    const id = `${hexId(vendorEl === undefined ? undefined : attr(vendorEl, 'id'), 4)}:${hexId(productEl === undefined ? undefined : attr(productEl, 'id'), 4)}`
    return { kind: 'usb', id, name, vendor, product, gpu: false }
  }
  if (type === 'pci') {
    const num = (n: string): number => Number(text(child(cap, n) ?? cap)?.trim() ?? '0')
    const id = `${num('domain').toString(16).padStart(4, '0')}:${num('bus').toString(16).padStart(2, '0')}:${num('slot').toString(16).padStart(2, '0')}.${num('function').toString(16)}`
    const classEl = find(cap, 'class')
    const pciClass = classEl === undefined ? undefined : text(classEl)?.trim()
    const device: HostDevice = {
      kind: 'pci',
      id,
      name,
      vendor,
      product,
      gpu: (pciClass ?? '').toLowerCase().startsWith('0x03'),
    }
    if (pciClass !== undefined) device.pciClass = pciClass
    return device
  }
  return undefined
}

/** The host's USB devices and PCI functions (`nodedev-list --cap …` + details); root hubs and bridges left out. */
export async function hostDevices(conn: HwConnection): Promise<HostDevice[]> {
  const [usb, pci] = (
    await conn.readBatch([
      ['nodedev-list', '--cap', 'usb_device'],
      ['nodedev-list', '--cap', 'pci'],
    ])
  ).outputs
  const all = [...names(usb ?? ''), ...names(pci ?? '')]
  if (all.length === 0) return []
  const details = await conn.readBatch(all.map((n) => ['nodedev-dumpxml', '--device', n]))
  const devices: HostDevice[] = []
  for (const xml of details.outputs) {
    if (xml === undefined || xml.trim() === '') continue
    const d = parseNodeDevice(xml)
    if (d === undefined) continue
    if (d.kind === 'usb' && d.id.startsWith('1d6b:')) continue // Linux Foundation root hubs
    if (d.kind === 'pci' && (d.pciClass ?? '').toLowerCase().startsWith('0x06')) continue // host/PCI bridges
    devices.push(d)
  }
  return devices
}
