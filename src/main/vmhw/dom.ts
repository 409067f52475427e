import { AppError } from '@shared/errors.js'
import {
  attr,
  buildElement,
  child,
  children,
  createElement,
  ensureChild,
  insertChild,
  removeChild,
} from '../libvirt/xml/index.js'
import type { XmlElement } from '../libvirt/xml/index.js'

/** What one edit does to a definition, and what a running VM gets at once or at its next boot. */
export interface EditOutcome {
  summary: string
  /** virsh steps on the running VM after the definition is saved; `{file}` is the device XML's temp file. */
  live: LiveStep[]
  /** Waits for the next boot when the VM runs. */
  restartNeeded: string[]
  notes: string[]
  /** Console passwords removed (`<graphics>` by `type#index`): not carried over when defined. */
  dropGraphicsSecrets?: string[]
}

export interface LiveStep {
  what: string
  args: string[]
  /** Device XML written to a temp file for attach-device/detach-device/update-device. */
  device?: string
}

/** The domain's `<devices>`, created when missing. */
export function devicesOf(domain: XmlElement): XmlElement {
  return ensureChild(domain, 'devices')
}

/** Inserts `el` after the last `<name>` in `<devices>` (libvirt's order: disks, controllers, interfaces, …); first when none. */
export function insertDevice(devices: XmlElement, el: XmlElement, after: readonly string[]): XmlElement {
  const all = children(devices)
  let index = -1
  all.forEach((c, i) => {
    if (after.includes(c.name)) index = i
  })
  if (index === -1) index = all.findIndex((c) => c.name === 'emulator')
  return insertChild(devices, index + 1, el)
}

export function removeDevice(devices: XmlElement, el: XmlElement): void {
  removeChild(devices, el)
}

/** `<name attrs/>` with element children. */
export function el(name: string, attrs: Record<string, string> = {}, content: XmlElement[] = []): XmlElement {
  return createElement(name, attrs, content)
}

/** The device as a standalone XML element (for attach-device / detach-device / update-device). */
export function deviceXml(element: XmlElement): string {
  return `${buildElement(stripLayout(structuredClone(element)))}\n`
}

function stripLayout(element: XmlElement): XmlElement {
  element.children = element.children.filter((c) => c.type !== 'text' || c.value.trim().length > 0)
  delete element.layout
  for (const c of element.children) if (c.type === 'element') stripLayout(c)
  return element
}

/**
 * The device an edit names, or NOT_FOUND "<vm> has no <what>" when the definition has none (it changed
 * since the hardware was read).
 */
export function mustFind<T>(
  device: T | undefined,
  what: string,
  ctx: { readonly vm: string },
  detail = 'Read the hardware again.',
): T {
  if (device === undefined) throw new AppError('NOT_FOUND', `${ctx.vm} has no ${what}`, { detail })
  return device
}

export function invalid(message: string, detail?: string): AppError {
  return new AppError('INVALID_INPUT', message, detail === undefined ? {} : { detail })
}

/** The disk with guest name `target`. */
export function findDisk(devices: XmlElement, target: string): XmlElement | undefined {
  return children(devices, 'disk').find((d) => attr(child(d, 'target') ?? d, 'dev') === target)
}

const PREFIX: Record<string, string> = { virtio: 'vd', sata: 'sd', scsi: 'sd', usb: 'sd', ide: 'hd' }

/** The next free guest disk name for a bus: vda, vdb, … (sdX shared by sata, scsi and usb). */
export function nextTarget(devices: XmlElement, bus: string): string {
  const prefix = PREFIX[bus] ?? 'sd'
  const used = new Set(children(devices, 'disk').map((d) => attr(child(d, 'target') ?? d, 'dev') ?? ''))
  for (let i = 0; i < 26 * 27; i++) {
    const name =
      i < 26
        ? String.fromCharCode(97 + i)
        : String.fromCharCode(96 + Math.floor(i / 26)) + String.fromCharCode(97 + (i % 26))
    if (!used.has(prefix + name)) return prefix + name
  }
  throw invalid(`No free ${bus} disk name is left on this VM.`)
}

export function virshFor(uuid: string): { domain: string[] } {
  return { domain: ['--domain', uuid] }
}
