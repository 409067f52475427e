import type {
  GpuReport,
  GroupMember,
  PassthroughReport,
  PciDevice,
  PciInventory,
} from '@shared/passthrough.js'
import { deviceTitle, DISPLAY_DRIVERS, gpuVendor, isBridge, isGpu, isStorage, slotOf } from './classify.js'

/**
 * Judges each GPU of an inventory: its functions, its IOMMU groups, whether the groups can be given
 * to a guest (every member passed through too, or a bridge/root port), what blocks it in words,
 * what the user can do, and whether the host itself displays on it. Pure: an inventory in, a report out.
 */

/** The user's word for a device class: "SATA controller", "NVMe SSD controller". */
function kindOf(device: PciDevice): string {
  const code = device.classCode.slice(0, 4)
  const words: Record<string, string> = {
    '0108': 'NVMe SSD controller',
    '0106': 'SATA controller',
    '0104': 'RAID controller',
    '0c03': 'USB controller',
    '0200': 'Ethernet controller',
    '0280': 'Wi-Fi controller',
    '0403': 'audio device',
    '0300': 'graphics card',
    '0302': 'graphics card',
  }
  return words[code] ?? device.className.toLowerCase()
}

function short(address: string): string {
  return address.startsWith('0000:') ? address.slice(5) : address
}

function describe(device: PciDevice): string {
  const disks = device.disks.length > 0 ? `, holding ${device.disks.join(', ')}` : ''
  return `${kindOf(device)} (${deviceTitle(device)}, ${short(device.address)}${disks})`
}

/** "a, b and c" */
export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? ''
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`
}

/**
 * The functions of the card: the same bus and slot, plus (Intel Arc) the audio function on the next
 * bus behind the card's own switch, recognised by the same vendor and subsystem ids.
 */
export function cardFunctions(gpu: PciDevice, devices: readonly PciDevice[]): PciDevice[] {
  const slot = slotOf(gpu.address)
  const same = devices.filter((d) => slotOf(d.address) === slot)
  const bus = Number.parseInt(gpu.address.slice(5, 7), 16)
  const sub = `${gpu.subsystemVendorId ?? '0000'}:${gpu.subsystemDeviceId ?? '0000'}`
  const companions =
    bus === 0 || sub === '0000:0000'
      ? []
      : devices.filter(
          (d) =>
            !same.includes(d) &&
            d.classCode.startsWith('0403') &&
            d.vendorId === gpu.vendorId &&
            `${d.subsystemVendorId ?? ''}:${d.subsystemDeviceId ?? ''}` === sub &&
            Number.parseInt(d.address.slice(5, 7), 16) === bus + 1,
        )
  return [...same, ...companions].sort((a, b) =>
    a === gpu ? -1 : b === gpu ? 1 : a.address.localeCompare(b.address),
  )
}

export function isHostDisplay(gpu: PciDevice, inventory: PciInventory): GpuReport['hostDisplay'] {
  const connectedOutputs = inventory.connectors
    .filter((c) => c.address === gpu.address && c.status === 'connected')
    .map((c) => c.name)
  const display: GpuReport['hostDisplay'] = { bootVga: gpu.bootVga, connectedOutputs }
  if (gpu.driver !== undefined && DISPLAY_DRIVERS.has(gpu.driver)) display.displayDriver = gpu.driver
  return display
}

function inDisplayPath(display: GpuReport['hostDisplay']): boolean {
  return display.bootVga || display.connectedOutputs.length > 0
}

const ACS_OPTION =
  'The ACS override patch (kernel parameter pcie_acs_override=downstream,multifunction; in linux-zen, linux-tkg and some distribution kernels, not in mainline Linux) makes the kernel put every function in its own group. It only changes what the kernel reports: the devices stay able to reach each other with peer-to-peer DMA, so the guest could read or overwrite memory the host devices in that group use. Use it only if you trust the guest as much as the host. VirtDeck explains it and never turns it on for you.'

function slotOption(gpu: PciDevice): string {
  return `Move the card to another slot: the top x16 slot is usually wired to the CPU and gets its own group, while chipset slots share one group with the chipset's SATA, USB and network controllers. Check the groups again after moving it (it will have a new address instead of ${short(gpu.address)}).`
}

function judgeGpu(gpu: PciDevice, inventory: PciInventory, gpus: readonly PciDevice[]): GpuReport {
  const devices = inventory.devices
  const functions = cardFunctions(gpu, devices)
  const functionSet = new Set(functions.map((f) => f.address))
  const display = isHostDisplay(gpu, inventory)
  const report: GpuReport = {
    address: gpu.address,
    label: deviceTitle(gpu),
    vendor: gpuVendor(gpu.vendorId),
    functions: functions.map((f) => ({
      address: f.address,
      label: `${deviceTitle(f)} (${f.className})`,
      vendorId: f.vendorId,
      deviceId: f.deviceId,
      ...(f.driver === undefined ? {} : { driver: f.driver }),
    })),
    groups: [],
    viability: 'viable',
    blockers: [],
    options: [],
    hostDisplay: display,
    warnings: [],
    boundToVfio: functions.every((f) => f.driver === 'vfio-pci'),
    ...(gpu.driver === undefined ? {} : { driver: gpu.driver }),
  }

  if (!inventory.iommuEnabled) {
    report.viability = 'no-iommu'
    report.blockers.push(
      'The IOMMU is off: the kernel lists no IOMMU groups. Turn on VT-d (Intel) or IOMMU/AMD-Vi (AMD) in the firmware setup, and on Intel add intel_iommu=on to the kernel command line; then check the groups again.',
    )
  } else {
    const groupIds = [...new Set(functions.map((f) => f.iommuGroup).filter((g) => g !== undefined))].sort(
      (a, b) => a - b,
    )
    const blocking: PciDevice[] = []
    for (const id of groupIds) {
      const members = devices.filter((d) => d.iommuGroup === id)
      report.groups.push({
        id,
        members: members.map((d): GroupMember => {
          const role = functionSet.has(d.address) ? 'gpu-function' : isBridge(d) ? 'bridge' : 'other'
          return {
            address: d.address,
            label: `${deviceTitle(d)} (${d.className})`,
            role,
            ...(d.driver === undefined ? {} : { driver: d.driver }),
          }
        }),
      })
      blocking.push(...members.filter((d) => !functionSet.has(d.address) && !isBridge(d)))
    }
    if (functions.some((f) => f.iommuGroup === undefined))
      report.warnings.push('Some functions of the card have no IOMMU group; the kernel cannot isolate them.')
    if (blocking.length > 0) {
      report.viability = 'blocked'
      const where =
        groupIds.length === 1 ? `IOMMU group ${groupIds[0] ?? ''}` : `IOMMU groups ${groupIds.join(', ')}`
      report.blockers.push(
        `${where} also holds your ${listInWords(blocking.map(describe))}. A group goes to a guest whole, so these would have to leave the host too.`,
      )
      const storage = blocking.filter(isStorage)
      if (storage.length > 0)
        report.blockers.push(
          `The group holds the host's storage: ${listInWords(storage.map(describe))}. Passing it through would take the host's disks away; VirtDeck will not plan that.`,
        )
      const otherGpus = blocking.filter((d) => isGpu(d))
      if (otherGpus.length > 0)
        report.blockers.push(
          `The group also holds another graphics card: ${listInWords(otherGpus.map(describe))}; both cards would go to the guest.`,
        )
      report.options.push(slotOption(gpu), ACS_OPTION)
      if (storage.length === 0 && otherGpus.length === 0)
        report.options.push(
          `Pass the whole group: give the guest the ${listInWords(blocking.map(kindOf))} as well, and the host does without them while the VM runs.`,
        )
    }
  }

  if (inDisplayPath(display)) {
    const why = [
      display.bootVga ? 'the firmware showed the boot screen on it (boot_vga)' : '',
      display.connectedOutputs.length > 0
        ? `a screen is connected to ${listInWords(display.connectedOutputs)}`
        : '',
      display.displayDriver !== undefined ? `the ${display.displayDriver} driver drives it` : '',
    ].filter((s) => s !== '')
    report.blockers.push(
      `The host displays on this card: ${listInWords(why)}. Binding it to vfio-pci at boot leaves the host without a picture. Use another GPU for the host (set the primary display in the firmware to the other card or the iGPU and move the cable), or the single-GPU hook scripts (advanced).`,
    )
  }
  if (gpus.length === 1) {
    report.warnings.push(
      'This is the only GPU in the machine: while the guest runs the host has no display at all (single-GPU passthrough). That needs hook scripts that stop the display manager and give the card back when the VM shuts down; the host is reachable only over SSH meanwhile.',
    )
  }
  if (gpu.classCode.startsWith('0302'))
    report.warnings.push(
      'This is a 3D controller without display outputs of its own (a laptop dGPU behind Optimus/PRIME or a compute card): the guest gets no picture from it directly; use Looking Glass or a remote desktop inside the guest.',
    )
  if (gpu.resetMethods.length > 0 && !gpu.resetMethods.includes('flr'))
    report.warnings.push(
      `The card cannot reset itself with FLR (reset methods: ${gpu.resetMethods.join(', ')}); it may not come back after the guest shuts down until the host reboots.`,
    )
  if (report.boundToVfio) report.warnings.push('Every function is already bound to vfio-pci.')
  return report
}

export function judgePassthrough(hostId: string, inventory: PciInventory): PassthroughReport {
  const gpus = inventory.devices.filter(isGpu)
  const notes: string[] = []
  if (inventory.pciIdsPath === null)
    notes.push(
      'The host has no pci.ids database (package pci.ids, pciutils or hwdata): devices are shown by their ids.',
    )
  if (!inventory.iommuEnabled)
    notes.push('No IOMMU groups: the IOMMU is off in the firmware or on the kernel command line.')
  if (inventory.cmdline !== null && /(^|\s)pcie_acs_override=/.test(inventory.cmdline))
    notes.push(
      'This kernel runs with pcie_acs_override: the groups shown are what the patch reports, not real isolation. Devices that share a PCIe switch can still reach each other.',
    )
  if (gpus.length === 0) notes.push('No graphics card found on the PCI bus.')
  return {
    hostId,
    root: inventory.root,
    iommuEnabled: inventory.iommuEnabled,
    gpus: gpus.map((gpu) => judgeGpu(gpu, inventory, gpus)),
    notes,
  }
}
