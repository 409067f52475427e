import type { XmlElement } from '../libvirt/xml/index.js'
import {
  attr,
  child,
  children,
  createElement,
  find,
  findAll,
  insertChild,
  setAttr,
} from '../libvirt/xml/index.js'

/**
 * `<hostdev>` devices for the functions of a card: vfio, managed, at matching guest addresses in
 * one slot of a PCIe root port of their own (multifunction on function 0), optional ROM on
 * function 0. An existing hostdev for the same source keeps its guest address and is only
 * corrected (driver, managed, ROM), so applying twice changes nothing.
 */

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

export const num = (value: string | undefined): number =>
  value === undefined ? 0 : value.startsWith('0x') ? Number.parseInt(value, 16) : Number(value)

export function hex(value: number, digits: number): string {
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
export function placeDevice(devices: XmlElement, el: XmlElement, after: string): XmlElement {
  const all = children(devices)
  const last = all.findLastIndex((d) => d.name === after)
  return insertChild(devices, last === -1 ? all.length : last + 1, el)
}

export function setAttrs(el: XmlElement, attrs: Record<string, string>, notes: string[], what: string): void {
  for (const [name, value] of Object.entries(attrs)) {
    if (attr(el, name) !== value) {
      setAttr(el, name, value)
      notes.push(`${what}: ${name}='${value}'.`)
    }
  }
}

export function addHostdevs(
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
    // Right after the last PCI controller, where libvirt keeps it (it sorts controllers by type and
    // index when it reads a definition): placed anywhere else, the next save by libvirt would move it
    // and the definition would no longer read as the one VirtDeck wrote.
    const all = children(devices)
    const lastPci = all.findLastIndex((d) => d.name === 'controller' && attr(d, 'type') === 'pci')
    const port = createElement('controller', { type: 'pci', index: String(index), model: 'pcie-root-port' })
    if (lastPci === -1) placeDevice(devices, port, 'controller')
    else insertChild(devices, lastPci + 1, port)
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
