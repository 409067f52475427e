import { AppError } from '@shared/errors.js'
import type { XmlElement } from '../libvirt/xml/index.js'
import { attr, child, find, findAll, parseXml, root } from '../libvirt/xml/index.js'
import type { LibvirtConnection } from '../libvirt/libvirt-connection.js'
import type { HostView } from './advisor.js'
import type { DomCaps, HostCaps } from './host-caps.js'
import { cpuList, parseDomCaps, parseHostCaps } from './host-caps.js'
import { probeImages } from './images.js'
import type { HostFacts, HostPciDevice, ImageFacts } from './rule.js'
import { domainType, osMachine, writableDisks } from './rules/domain.js'

/**
 * Reads what the rules need from a host, once for any number of VMs: `virsh capabilities`,
 * `domcapabilities` per (type, arch, machine, emulator), the libvirt networks, the host's bridges and
 * /dev/vhost-net, every VM's definition (for pins that would be shared), and the qcow2 images.
 */

export type TuningConnection = Pick<LibvirtConnection, 'host' | 'uri' | 'where' | 'read' | 'readBatch'>

export interface HostSnapshot {
  caps: HostCaps
  networks: string[]
  bridges: string[]
  vhostNet: boolean | undefined
  /** Definitions by VM name (inactive XML). */
  definitions: Map<string, string>
  /** The same, parsed (read only). */
  parsed: Map<string, XmlElement>
  running: Set<string>
  /** vCPU pins of every VM: host thread → VM names. */
  pins: Map<number, string[]>
  domcaps: Map<string, DomCaps | undefined>
  images: Map<string, ImageFacts>
  pciDevices: HostPciDevice[]
}

function lines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
}

function domcapsKey(domain: XmlElement): string {
  const type = find(domain, 'os/type')
  const emulator = find(domain, 'devices/emulator')
  return JSON.stringify([
    domainType(domain),
    type === undefined ? '' : (attr(type, 'arch') ?? ''),
    osMachine(domain) ?? '',
    emulator === undefined
      ? ''
      : emulator.children
          .map((n) => (n.type === 'text' ? n.value : ''))
          .join('')
          .trim(),
  ])
}

async function readDomcaps(conn: TuningConnection, key: string): Promise<DomCaps | undefined> {
  // The test driver has no domain capabilities: do not ask.
  if (conn.uri.startsWith('test:')) return undefined
  const [virttype, arch, machine, emulator] = JSON.parse(key) as string[]
  const args = ['domcapabilities', '--virttype', virttype ?? 'kvm']
  if (arch) args.push('--arch', arch)
  if (machine) args.push('--machine', machine)
  if (emulator) args.push('--emulatorbin', emulator)
  try {
    return parseDomCaps(await conn.read(args))
  } catch (error) {
    if (error instanceof AppError && (error.code === 'HOST_UNREACHABLE' || error.code === 'CANCELLED'))
      throw error
    return undefined // the test driver has none; an unknown machine type has none either
  }
}

async function hostBridges(conn: TuningConnection): Promise<string[]> {
  try {
    const result = await conn.host.exec('ip', ['-j', 'link', 'show', 'type', 'bridge'], { timeoutMs: 10_000 })
    if (result.code !== 0) return []
    const parsed = JSON.parse(result.stdout) as { ifname?: string }[]
    return parsed.flatMap((l) => (typeof l.ifname === 'string' ? [l.ifname] : []))
  } catch {
    return []
  }
}

async function vhostNet(conn: TuningConnection): Promise<boolean | undefined> {
  try {
    return (await conn.host.exec('test', ['-e', '/dev/vhost-net'], { timeoutMs: 10_000 })).code === 0
  } catch {
    return undefined
  }
}

/** NICs (class 0x02) and NVMe drives (0x0108) of the host, with their drivers, in two batches. */
async function hostPciDevices(
  conn: TuningConnection,
  opts: { signal?: AbortSignal },
): Promise<HostPciDevice[]> {
  try {
    const names = lines(await conn.read(['nodedev-list', '--cap', 'pci'], opts))
    if (names.length === 0) return []
    const dumps = await conn.readBatch(
      names.map((n) => ['nodedev-dumpxml', '--device', n]),
      opts,
    )
    const out: HostPciDevice[] = []
    dumps.outputs.forEach((xml, i) => {
      const cls = /<class>0x([0-9a-f]{6})<\/class>/i.exec(xml)?.[1]?.toLowerCase()
      const kind = cls?.startsWith('02') ? 'nic' : cls?.startsWith('0108') ? 'nvme' : undefined
      if (kind === undefined) return
      const driver = /<driver>\s*<name>([^<]+)<\/name>/.exec(xml)?.[1]
      out.push({ name: names[i] ?? '', kind, driver })
    })
    return out
  } catch (error) {
    if (error instanceof AppError && (error.code === 'HOST_UNREACHABLE' || error.code === 'CANCELLED'))
      throw error
    return []
  }
}

/** Reads the host and every VM's definition; qcow2 images of `imagesOf` only when given (else of all VMs). */
export async function snapshotHost(
  conn: TuningConnection,
  options: { signal?: AbortSignal; imagesOf?: string } = {},
): Promise<HostSnapshot> {
  const opts = options.signal === undefined ? {} : { signal: options.signal }
  // The host's side runs while the definitions are read.
  const hostSide = Promise.all([
    conn.read(['capabilities'], opts),
    conn.read(['net-list', '--all', '--name'], opts).catch(() => ''),
    hostBridges(conn),
    vhostNet(conn),
    hostPciDevices(conn, opts),
  ])
  hostSide.catch(() => undefined) // awaited below; this only keeps an early failure from going unhandled
  const lists = await conn.readBatch(
    [
      ['list', '--all', '--name'],
      ['list', '--name'],
    ],
    opts,
  )
  const names = lines(lists.outputs[0] ?? '')
  const running = new Set(lines(lists.outputs[1] ?? ''))
  const dumps =
    names.length === 0
      ? { outputs: [] }
      : await conn.readBatch(
          names.map((n) => ['dumpxml', '--domain', n, '--inactive']),
          opts,
        )
  const definitions = new Map<string, string>()
  names.forEach((name, i) => {
    const xml = dumps.outputs[i]
    if (xml !== undefined && xml.trim().length > 0) definitions.set(name, xml)
  })
  const pins = new Map<number, string[]>()
  const assigned = new Map<string, string[]>()
  const parsed = new Map<string, XmlElement>()
  const keys = new Set<string>()
  const qcow2 = new Set<string>()
  for (const [name, xml] of definitions) {
    let domain: XmlElement
    try {
      domain = root(parseXml(xml))
    } catch {
      continue
    }
    parsed.set(name, domain)
    keys.add(domcapsKey(domain))
    for (const pin of findAll(domain, 'cputune/vcpupin'))
      for (const thread of cpuList(attr(pin, 'cpuset')))
        pins.set(thread, [...new Set([...(pins.get(thread) ?? []), name])])
    for (const address of findAll(domain, "devices/hostdev[@type='pci']/source/address")) {
      const part = (n: string, width: number): string =>
        (Number.parseInt(attr(address, n) ?? '0', 16) || 0).toString(16).padStart(width, '0')
      const device = `pci_${part('domain', 4)}_${part('bus', 2)}_${part('slot', 2)}_${part('function', 1)}`
      assigned.set(device, [...(assigned.get(device) ?? []), name])
    }
    if (options.imagesOf !== undefined && options.imagesOf !== name) continue
    for (const d of writableDisks(domain))
      if (d.type === 'file' && d.format === 'qcow2' && d.path !== undefined) qcow2.add(d.path)
  }
  const [capsXml, nets, bridges, vhost, pciDevices] = await hostSide
  const domcaps = new Map<string, DomCaps | undefined>()
  const [, images] = await Promise.all([
    Promise.all([...keys].map(async (key) => domcaps.set(key, await readDomcaps(conn, key)))),
    probeImages(conn.host, [...qcow2], opts),
  ])
  return {
    caps: parseHostCaps(capsXml),
    networks: lines(nets),
    bridges,
    vhostNet: vhost,
    definitions,
    parsed,
    running,
    pins,
    domcaps,
    images,
    pciDevices: pciDevices.map((d) => {
      const vms = assigned.get(d.name)
      return vms === undefined ? d : { ...d, assignedTo: vms }
    }),
  }
}

/** What the rules see for one VM: the host, and other VMs' pins (not its own). */
export function hostViewFor(snapshot: HostSnapshot, name: string, domain: XmlElement): HostView {
  const pinnedByOthers = new Map<number, string[]>()
  for (const [thread, vms] of snapshot.pins) {
    const others = vms.filter((v) => v !== name)
    if (others.length > 0) pinnedByOthers.set(thread, others)
  }
  const facts: HostFacts = {
    bridges: snapshot.bridges,
    networks: snapshot.networks,
    vhostNet: snapshot.vhostNet,
    images: snapshot.images,
    pinnedByOthers,
    pciDevices: snapshot.pciDevices.map((d) =>
      d.assignedTo === undefined ? d : { ...d, assignedTo: d.assignedTo.filter((v) => v !== name) },
    ),
  }
  return { caps: snapshot.caps, domcaps: snapshot.domcaps.get(domcapsKey(domain)), facts }
}

/** The VM's `<name>` and `<uuid>`. */
export function identity(domain: XmlElement): { name: string; uuid: string } {
  const text = (el: XmlElement | undefined): string =>
    el === undefined
      ? ''
      : el.children
          .map((n) => (n.type === 'text' ? n.value : ''))
          .join('')
          .trim()
  return { name: text(child(domain, 'name')), uuid: text(child(domain, 'uuid')) }
}
