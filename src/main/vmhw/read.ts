import type { HardwareView, HwDisk, HwGraphics, HwHostdev, HwNic } from '@shared/vm-hardware.js'
import { memoryKiB } from '../libvirt/domain-xml-read.js'
import { attr, child, children, find, parseXml, root, text } from '../libvirt/xml/index.js'
import type { XmlElement } from '../libvirt/xml/index.js'

/**
 * The hardware of a domain definition as the Hardware tab shows it: one reading per device kind,
 * each field declared once here (the edit functions write the same paths).
 */

export type DomainHardware = Omit<HardwareView, 'hostId' | 'running' | 'restartNeeded' | 'host'>

function at(el: XmlElement | undefined, name: string): string | undefined {
  return el === undefined ? undefined : attr(el, name)
}

function bootOrder(el: XmlElement): number | undefined {
  const order = at(child(el, 'boot'), 'order')
  return order === undefined ? undefined : Number(order)
}

export function readDisk(el: XmlElement): HwDisk {
  const type = at(el, 'type') ?? 'file'
  const source = child(el, 'source')
  const where =
    type === 'volume'
      ? at(source, 'pool') === undefined
        ? undefined
        : `${at(source, 'pool') ?? ''}/${at(source, 'volume') ?? ''}`
      : (at(source, 'file') ?? at(source, 'dev') ?? at(source, 'name') ?? at(source, 'dir'))
  const driver = child(el, 'driver')
  const disk: HwDisk = {
    target: at(child(el, 'target'), 'dev') ?? '',
    device: (at(el, 'device') ?? 'disk') as HwDisk['device'],
    bus: at(child(el, 'target'), 'bus') ?? '',
    type,
    readonly: child(el, 'readonly') !== undefined,
  }
  if (where !== undefined) disk.source = where
  const format = at(driver, 'type')
  if (format !== undefined) disk.format = format
  const cache = at(driver, 'cache')
  if (cache !== undefined) disk.cache = cache
  const order = bootOrder(el)
  if (order !== undefined) disk.bootOrder = order
  return disk
}

export function readNic(el: XmlElement): HwNic {
  const type = at(el, 'type') ?? ''
  const source = child(el, 'source')
  const nic: HwNic = {
    mac: (at(child(el, 'mac'), 'address') ?? '').toLowerCase(),
    type,
    linkUp: at(child(el, 'link'), 'state') !== 'down',
  }
  const name =
    type === 'network' ? at(source, 'network') : type === 'bridge' ? at(source, 'bridge') : at(source, 'dev')
  if (name !== undefined) nic.source = name
  const model = at(child(el, 'model'), 'type')
  if (model !== undefined) nic.model = model
  const order = bootOrder(el)
  if (order !== undefined) nic.bootOrder = order
  return nic
}

function hex4(value: string | undefined): string {
  return (value ?? '0').replace(/^0x/i, '').padStart(4, '0').toLowerCase()
}

function hex(value: string | undefined, width: number): string {
  return (value ?? '0').replace(/^0x/i, '').padStart(width, '0').toLowerCase()
}

/** A `<hostdev mode='subsystem'>`'s id: `vvvv:pppp` for USB, `dddd:bb:ss.f` for PCI; undefined for other kinds. */
export function hostdevId(el: XmlElement): HwHostdev | undefined {
  const type = at(el, 'type')
  if (type === 'usb') {
    const source = child(el, 'source')
    return {
      kind: 'usb',
      id: `${hex4(at(child(source ?? el, 'vendor'), 'id'))}:${hex4(at(child(source ?? el, 'product'), 'id'))}`,
    }
  }
  if (type === 'pci') {
    const a = find(el, 'source/address')
    if (a === undefined) return undefined
    return {
      kind: 'pci',
      id: `${hex(at(a, 'domain'), 4)}:${hex(at(a, 'bus'), 2)}:${hex(at(a, 'slot'), 2)}.${(at(a, 'function') ?? '0').replace(/^0x/i, '')}`,
    }
  }
  return undefined
}

function readGraphics(el: XmlElement): HwGraphics {
  const listen = at(el, 'listen') ?? at(find(el, "listen[@type='address']"), 'address')
  return {
    type: at(el, 'type') ?? '',
    hasPassword: at(el, 'passwd') !== undefined,
    ...(listen === undefined ? {} : { listen }),
  }
}

export function readHardware(xml: string): DomainHardware {
  const domain = root(parseXml(xml))
  const devices = child(domain, 'devices')
  const list = (name: string): XmlElement[] => (devices === undefined ? [] : children(devices, name))
  const maxKiB = memoryKiB(child(domain, 'memory')) ?? 0
  const currentKiB = memoryKiB(child(domain, 'currentMemory')) ?? maxKiB
  const vcpu = child(domain, 'vcpu')
  const maxVcpus = Number(text(vcpu ?? domain)?.trim() ?? '1') || 1
  const currentVcpus = Number(at(vcpu, 'current') ?? maxVcpus)
  const os = child(domain, 'os')
  const tpm = list('tpm')[0]
  const video = find(list('video')[0] ?? domain, 'model')
  const view: DomainHardware = {
    vm: text(child(domain, 'name') ?? domain) ?? '',
    uuid: text(child(domain, 'uuid') ?? domain) ?? '',
    memory: { currentMiB: Math.round(currentKiB / 1024), maxMiB: Math.round(maxKiB / 1024) },
    vcpus: { current: currentVcpus, max: maxVcpus },
    boot: {
      menu: at(find(os ?? domain, 'bootmenu'), 'enable') === 'yes',
      osDevices: (os === undefined ? [] : children(os, 'boot')).map((b) => at(b, 'dev') ?? ''),
    },
    disks: list('disk').map(readDisk),
    nics: list('interface').map(readNic),
    graphics: list('graphics').map(readGraphics),
    hostdevs: list('hostdev')
      .map(hostdevId)
      .filter((h): h is HwHostdev => h !== undefined),
    filesystems: list('filesystem').map((fs) => ({
      source: at(child(fs, 'source'), 'dir') ?? '',
      tag: at(child(fs, 'target'), 'dir') ?? '',
      driver: at(child(fs, 'driver'), 'type') ?? 'path',
    })),
    sharedMemory: at(find(domain, 'memoryBacking/access'), 'mode') === 'shared',
  }
  if (video !== undefined) view.video = at(video, 'type') ?? ''
  if (tpm !== undefined) {
    const backend = child(tpm, 'backend')
    view.tpm = { model: at(tpm, 'model') ?? 'tpm-tis', backend: at(backend, 'type') ?? '' }
    const version = at(backend, 'version')
    if (version !== undefined) view.tpm.version = version
  }
  return view
}

/**
 * What a running VM does not have yet: its definition (`config`) compared with what runs (`live`),
 * field by field on what the Hardware tab edits — runtime additions (addresses, aliases, ports)
 * are not compared, and a field the definition leaves to libvirt is not either.
 */
export function pendingRestart(config: DomainHardware, live: DomainHardware): string[] {
  const out: string[] = []
  const disk = (d: HwDisk): string =>
    `${d.device}|${d.bus}|${d.source ?? ''}|${d.cache ?? ''}|${d.bootOrder ?? ''}`
  const liveDisks = new Map(live.disks.map((d) => [d.target, d]))
  for (const d of config.disks) {
    const l = liveDisks.get(d.target)
    if (l === undefined) out.push(`${d.device === 'cdrom' ? 'CD-ROM' : 'Disk'} ${d.target} is added`)
    else if (disk(l) !== disk(d)) {
      const what = `${d.device === 'cdrom' ? 'CD-ROM' : 'Disk'} ${d.target}`
      out.push(
        l.source !== d.source
          ? `${what} is changed: ${l.source ?? 'empty'} now, ${d.source ?? 'empty'} at the next boot`
          : `${what} is changed`,
      )
    }
  }
  for (const l of live.disks)
    if (!config.disks.some((d) => d.target === l.target)) out.push(`Disk ${l.target} is removed`)
  const nic = (n: HwNic): string =>
    `${n.type}|${n.source ?? ''}|${n.model ?? ''}|${n.linkUp}|${n.bootOrder ?? ''}`
  const liveNics = new Map(live.nics.map((n) => [n.mac, n]))
  for (const n of config.nics) {
    const l = liveNics.get(n.mac)
    if (l === undefined) out.push(`Network card ${n.mac} is added`)
    else if (nic(l) !== nic(n)) out.push(`Network card ${n.mac} is changed`)
  }
  for (const l of live.nics)
    if (!config.nics.some((n) => n.mac === l.mac)) out.push(`Network card ${l.mac} is removed`)
  if (config.memory.maxMiB !== live.memory.maxMiB) out.push(`Maximum memory ${config.memory.maxMiB} MiB`)
  // Current memory is a balloon target: libvirt shows the new one only once the guest's driver
  // reports it (never without one), so a difference there is not a restart to wait for.
  if (config.vcpus.max !== live.vcpus.max) out.push(`Maximum vCPUs ${config.vcpus.max}`)
  if (config.vcpus.current !== live.vcpus.current) out.push(`vCPUs ${config.vcpus.current}`)
  if (config.boot.menu !== live.boot.menu) out.push(`Boot menu ${config.boot.menu ? 'on' : 'off'}`)
  const graphics = (gs: HwGraphics[]): string => gs.map((g) => g.type).join(',')
  if (graphics(config.graphics) !== graphics(live.graphics)) out.push('Graphics are changed')
  else
    config.graphics.forEach((g, i) => {
      const l = live.graphics[i]
      if (g.listen !== undefined && l?.listen !== g.listen) out.push(`Graphics listen on ${g.listen}`)
      if (l !== undefined && l.hasPassword !== g.hasPassword)
        out.push(g.hasPassword ? 'Console password is set' : 'Console password is removed')
    })
  if ((config.video ?? '') !== (live.video ?? '')) out.push(`Video ${config.video ?? 'none'}`)
  const ids = (hs: HwHostdev[]): string =>
    hs
      .map((h) => h.id)
      .sort()
      .join(',')
  if (ids(config.hostdevs) !== ids(live.hostdevs)) out.push('Host devices are changed')
  if (JSON.stringify(config.tpm ?? null) !== JSON.stringify(live.tpm ?? null))
    out.push(config.tpm === undefined ? 'TPM is removed' : `TPM ${config.tpm.version ?? ''}`.trim())
  const fs = (x: DomainHardware): string =>
    x.filesystems
      .map((f) => `${f.source}>${f.tag}`)
      .sort()
      .join(',')
  if (fs(config) !== fs(live)) out.push('Shared folders are changed')
  if (config.sharedMemory !== live.sharedMemory) out.push('Shared memory backing')
  return out
}
