import type { VmPassthroughOptions } from '@shared/passthrough.js'
import { vmPassthroughOptionsSchema } from '@shared/passthrough.js'
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
import { addHostdevs, num, placeDevice, setAttrs } from './vm-hostdev.js'

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
    // A conventional PCI device: without an address of its own libvirt adds a root port and a
    // PCIe-to-PCI bridge for it, appended after the other controllers, and reorders them the next
    // time it saves the definition (at the first start) — which would read as an outside edit.
    // A free slot on pcie-root (an integrated endpoint) needs neither.
    const slot = freeRootSlot(devices)
    shmem = placeDevice(
      devices,
      createElement('shmem', { name: LOOKING_GLASS_SHM }, [
        createElement('model', { type: 'ivshmem-plain' }),
        createElement('size', { unit: 'M' }, [String(sizeMiB)]),
        ...(slot === undefined
          ? []
          : [
              createElement('address', {
                type: 'pci',
                domain: '0x0000',
                bus: '0x00',
                slot: `0x${slot.toString(16).padStart(2, '0')}`,
                function: '0x0',
              }),
            ]),
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

/** The first slot from 0x10 on pcie-root (bus 0) that no device of the definition names. */
function freeRootSlot(devices: XmlElement): number | undefined {
  const used = new Set(
    findAll(devices, '*/address')
      .filter((a) => attr(a, 'type') === 'pci' && num(attr(a, 'bus')) === 0)
      .map((a) => num(attr(a, 'slot'))),
  )
  for (let slot = 0x10; slot <= 0x1e; slot++) if (!used.has(slot)) return slot
  return undefined
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
