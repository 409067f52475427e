import type { VmPassthroughOptions } from '../../shared/passthrough.js'
import { vmPassthroughOptionsSchema } from '../../shared/passthrough.js'
import type { XmlElement } from '../libvirt/xml/index.js'
import {
  attr,
  buildXml,
  child,
  children,
  createElement,
  ensureChild,
  find,
  findAll,
  insertChild,
  parseXml,
  root,
  setAttr,
  setText,
  text,
} from '../libvirt/xml/index.js'
import { LOOKING_GLASS_SHM, lookingGlassFormula, lookingGlassSizeMiB } from './looking-glass.js'

/**
 * The VM side of GPU passthrough as one edit of the domain XML, through the lossless XML module:
 * a `<hostdev>` (vfio, managed) for every function of the card at matching guest addresses on a
 * root port of its own, the Code 43 workaround, a Looking Glass IVSHMEM device, evdev keyboard and
 * mouse. Applying it twice changes nothing; everything else in the document stays byte for byte.
 */

export interface VmPassthroughEdit {
  xml: string
  changed: boolean
  /** What changed and why, in words. */
  notes: string[]
  /** What will stop the VM from working this way (not q35, no UEFI, not KVM). */
  problems: string[]
}

export const CODE43_EXPLANATION =
  "NVIDIA's Windows driver before R465 (April 2021) stops with error 43 when it sees it runs in a VM, and some AMD drivers check too. Hiding KVM (<kvm><hidden state='on'/>) and giving Hyper-V a vendor id of your own (<vendor_id>, at most 12 characters) avoids it; <ioapic driver='kvm'/> keeps interrupts in the kernel as the hidden mode needs. Set it before the guest driver is installed: a driver that already failed may have to be reinstalled."

/** libvirt writes the features before these. */
const FEATURES_BEFORE = ['cpu', 'clock', 'on_poweroff', 'on_reboot', 'on_crash', 'pm', 'perf', 'devices']

interface PciAddr {
  domain: number
  bus: number
  slot: number
  function: number
}

function parsePci(address: string): PciAddr {
  const m = /^([0-9a-f]{4}):([0-9a-f]{2}):([0-9a-f]{2})\.([0-7])$/.exec(address)
  return {
    domain: Number.parseInt(m?.[1] ?? '0', 16),
    bus: Number.parseInt(m?.[2] ?? '0', 16),
    slot: Number.parseInt(m?.[3] ?? '0', 16),
    function: Number(m?.[4] ?? '0'),
  }
}

const num = (value: string | undefined): number =>
  value === undefined ? 0 : value.startsWith('0x') ? Number.parseInt(value, 16) : Number(value)

function hex(value: number, digits: number): string {
  return `0x${value.toString(16).padStart(digits, '0')}`
}

function addressAttrs(a: PciAddr): Record<string, string> {
  return { domain: hex(a.domain, 4), bus: hex(a.bus, 2), slot: hex(a.slot, 2), function: hex(a.function, 1) }
}

function sameSource(hostdev: XmlElement, a: PciAddr): boolean {
  const source = find(hostdev, 'source/address')
  if (source === undefined) return false
  return (
    num(attr(source, 'domain')) === a.domain &&
    num(attr(source, 'bus')) === a.bus &&
    num(attr(source, 'slot')) === a.slot &&
    num(attr(source, 'function')) === a.function
  )
}

/** Inserts after the last `name` among the devices, or at the end. */
function placeDevice(devices: XmlElement, el: XmlElement, after: string): XmlElement {
  const all = children(devices)
  const last = all.findLastIndex((d) => d.name === after)
  return insertChild(devices, last === -1 ? all.length : last + 1, el)
}

function setAttrs(el: XmlElement, attrs: Record<string, string>, notes: string[], what: string): void {
  for (const [name, value] of Object.entries(attrs)) {
    if (attr(el, name) !== value) {
      setAttr(el, name, value)
      notes.push(`${what}: ${name}='${value}'.`)
    }
  }
}

function checkMachine(domain: XmlElement, problems: string[]): void {
  if (attr(domain, 'type') !== 'kvm')
    problems.push(
      `The domain type is '${attr(domain, 'type') ?? '?'}'; PCI passthrough and host-passthrough CPUs need type='kvm'.`,
    )
  const type = find(domain, 'os/type')
  const machine = type === undefined ? undefined : attr(type, 'machine')
  if (machine === undefined || !/q35/.test(machine))
    problems.push(
      `The machine type is ${machine ?? 'not set'}, not q35: GPUs want PCI Express (q35). Create the VM with q35; switching an installed guest can upset its drivers.`,
    )
  const os = child(domain, 'os')
  const loader = os === undefined ? undefined : child(os, 'loader')
  const efi =
    (os !== undefined && attr(os, 'firmware') === 'efi') ||
    (loader !== undefined && /OVMF|edk2|\.fd$/i.test(text(loader) ?? ''))
  if (!efi)
    problems.push(
      "The VM boots with BIOS, not UEFI (OVMF): modern GPUs' option ROMs and Windows drivers expect UEFI. Create the VM with UEFI firmware.",
    )
}

function addHostdevs(
  devices: XmlElement,
  functions: string[],
  romFile: string | undefined,
  notes: string[],
): void {
  const addresses = functions.map(parsePci).sort((a, b) => a.function - b.function)
  const existing = findAll(devices, "hostdev[@type='pci']")
  // Guest slot: reuse the one an already-added function sits in, else a new root port.
  let guest: { bus: number; slot: number } | undefined
  for (const a of addresses) {
    const found = existing.find((h) => sameSource(h, a))
    const at = found === undefined ? undefined : child(found, 'address')
    if (at !== undefined && attr(at, 'type') === 'pci')
      guest = { bus: num(attr(at, 'bus')), slot: num(attr(at, 'slot')) }
  }
  if (guest === undefined) {
    const controllers = findAll(devices, "controller[@type='pci']")
    const index = Math.max(0, ...controllers.map((c) => num(attr(c, 'index')))) + 1
    if (controllers.length === 0)
      placeDevice(
        devices,
        createElement('controller', { type: 'pci', index: '0', model: 'pcie-root' }),
        'controller',
      )
    placeDevice(
      devices,
      createElement('controller', { type: 'pci', index: String(index), model: 'pcie-root-port' }),
      'controller',
    )
    notes.push(`Added PCIe root port ${index} for the card (guest bus ${hex(index, 2)}).`)
    guest = { bus: index, slot: 0 }
  }
  const multi = addresses.length > 1
  for (const a of addresses) {
    const label = `${hex(a.bus, 2).slice(2)}:${hex(a.slot, 2).slice(2)}.${a.function}`
    let hostdev = existing.find((h) => sameSource(h, a))
    if (hostdev === undefined) {
      hostdev = createElement('hostdev', { mode: 'subsystem', type: 'pci', managed: 'yes' }, [
        createElement('driver', { name: 'vfio' }),
        createElement('source', {}, [createElement('address', addressAttrs(a))]),
      ])
      if (romFile !== undefined && a.function === 0)
        hostdev.children.push(createElement('rom', { file: romFile }))
      const guestAddr = {
        type: 'pci',
        ...addressAttrs({ domain: 0, bus: guest.bus, slot: guest.slot, function: a.function }),
      }
      hostdev.children.push(
        createElement(
          'address',
          multi && a.function === 0 ? { ...guestAddr, multifunction: 'on' } : guestAddr,
        ),
      )
      placeDevice(devices, hostdev, 'hostdev')
      notes.push(
        `Added <hostdev> for ${label} (vfio, managed) at guest ${hex(guest.bus, 2).slice(2)}:${hex(guest.slot, 2).slice(2)}.${a.function}.`,
      )
      continue
    }
    setAttrs(hostdev, { mode: 'subsystem', managed: 'yes' }, notes, `<hostdev> ${label}`)
    const driver =
      child(hostdev, 'driver') ?? insertChild(hostdev, 0, createElement('driver', { name: 'vfio' }))
    setAttrs(driver, { name: 'vfio' }, notes, `<hostdev> ${label} driver`)
    if (romFile !== undefined && a.function === 0) {
      const rom = child(hostdev, 'rom')
      if (rom === undefined) {
        const at = children(hostdev).findIndex((c) => c.name === 'address')
        insertChild(
          hostdev,
          at === -1 ? children(hostdev).length : at,
          createElement('rom', { file: romFile }),
        )
        notes.push(`<hostdev> ${label}: ROM file ${romFile}.`)
      } else setAttrs(rom, { file: romFile }, notes, `<hostdev> ${label} rom`)
    }
    const at = child(hostdev, 'address')
    if (multi && a.function === 0 && at !== undefined)
      setAttrs(at, { multifunction: 'on' }, notes, `<hostdev> ${label} guest address`)
  }
}

function setCode43(domain: XmlElement, vendorId: string, notes: string[]): void {
  let features = child(domain, 'features')
  if (features === undefined) {
    const all = children(domain)
    const before = all.findIndex((el) => FEATURES_BEFORE.includes(el.name))
    features = insertChild(
      domain,
      before === -1 ? all.length : before,
      createElement('features', {}, [createElement('acpi'), createElement('apic')]),
    )
    notes.push('Added <features> with <acpi/> and <apic/>.')
  }
  const hyperv = ensureChild(features, 'hyperv')
  if (attr(hyperv, 'mode') === 'passthrough') {
    // Passthrough mode takes every enlightenment from the host and allows no children.
    notes.push(
      "Hyper-V is in passthrough mode, which cannot carry a vendor_id; if the guest driver still reports Code 43, switch <hyperv> to mode='custom'.",
    )
  } else
    setAttrs(ensureChild(hyperv, 'vendor_id'), { state: 'on', value: vendorId }, notes, 'Hyper-V vendor_id')
  const kvm = ensureChild(features, 'kvm')
  setAttrs(ensureChild(kvm, 'hidden'), { state: 'on' }, notes, 'KVM hidden')
  setAttrs(ensureChild(features, 'ioapic'), { driver: 'kvm' }, notes, 'ioapic')
}

function setShmem(devices: XmlElement, sizeMiB: number, notes: string[]): void {
  let shmem = find(devices, `shmem[@name='${LOOKING_GLASS_SHM}']`)
  if (shmem === undefined) {
    shmem = placeDevice(
      devices,
      createElement('shmem', { name: LOOKING_GLASS_SHM }, [
        createElement('model', { type: 'ivshmem-plain' }),
        createElement('size', { unit: 'M' }, [String(sizeMiB)]),
      ]),
      'shmem',
    )
    notes.push(`Added the Looking Glass shared memory (${sizeMiB} MiB).`)
    return
  }
  setAttrs(ensureChild(shmem, 'model'), { type: 'ivshmem-plain' }, notes, 'Looking Glass model')
  const size = ensureChild(shmem, 'size')
  const unit = attr(size, 'unit') ?? 'M'
  const current =
    num(text(size)?.trim()) *
    (unit === 'G' || unit === 'GiB' ? 1024 : unit === 'M' || unit === 'MiB' ? 1 : 1 / 1024 / 1024)
  if (current !== sizeMiB) {
    setAttr(size, 'unit', 'M')
    setText(size, String(sizeMiB))
    notes.push(`Looking Glass shared memory resized to ${sizeMiB} MiB.`)
  }
}

function setEvdev(devices: XmlElement, dev: string, extra: Record<string, string>, notes: string[]): void {
  const inputs = findAll(devices, "input[@type='evdev']")
  const found = inputs.find((i) => attr(child(i, 'source') ?? i, 'dev') === dev)
  if (found === undefined) {
    placeDevice(
      devices,
      createElement('input', { type: 'evdev' }, [createElement('source', { dev, ...extra })]),
      'input',
    )
    notes.push(`Added evdev input ${dev}.`)
    return
  }
  setAttrs(ensureChild(found, 'source'), extra, notes, `evdev ${dev}`)
}

export function editDomainForPassthrough(
  domainXml: string,
  options: VmPassthroughOptions,
): VmPassthroughEdit {
  const settings = vmPassthroughOptionsSchema.parse(options)
  const doc = parseXml(domainXml)
  const domain = root(doc)
  const notes: string[] = []
  const problems: string[] = []
  checkMachine(domain, problems)
  const devices = child(domain, 'devices') ?? ensureChild(domain, 'devices')
  addHostdevs(devices, settings.functions, settings.romFile, notes)
  if (settings.code43 !== undefined) setCode43(domain, settings.code43.vendorId, notes)
  if (settings.lookingGlass !== undefined) {
    const { width, height } = settings.lookingGlass
    setShmem(devices, lookingGlassSizeMiB(width, height), notes)
    notes.push(`Looking Glass size: ${lookingGlassFormula(width, height)}.`)
  }
  if (settings.evdev !== undefined) {
    setEvdev(
      devices,
      settings.evdev.keyboard,
      { grab: 'all', grabToggle: settings.evdev.grabToggle, repeat: 'on' },
      notes,
    )
    setEvdev(devices, settings.evdev.mouse, {}, notes)
  }
  const xml = buildXml(doc)
  const changed = xml !== domainXml
  return {
    xml,
    changed,
    notes: changed ? notes : notes.filter((n) => n.startsWith('Looking Glass size')),
    problems,
  }
}
