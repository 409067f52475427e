import type { PciDevice } from '@shared/passthrough.js'

/** What a PCI class code means for passthrough: GPUs, their companion functions, bridges, storage. */

/** Subclass names lspci prints, for hosts without pci.ids. */
const CLASS_WORDS: Record<string, string> = {
  '0100': 'SCSI storage controller',
  '0101': 'IDE interface',
  '0104': 'RAID bus controller',
  '0106': 'SATA controller',
  '0107': 'Serial Attached SCSI controller',
  '0108': 'Non-Volatile memory controller',
  '0200': 'Ethernet controller',
  '0280': 'Network controller',
  '0300': 'VGA compatible controller',
  '0302': '3D controller',
  '0380': 'Display controller',
  '0403': 'Audio device',
  '0500': 'RAM memory',
  '0580': 'Memory controller',
  '0600': 'Host bridge',
  '0601': 'ISA bridge',
  '0604': 'PCI bridge',
  '0780': 'Communication controller',
  '0806': 'IOMMU',
  '0880': 'System peripheral',
  '0c03': 'USB controller',
  '0c05': 'SMBus',
  '0c80': 'Serial bus controller',
  '1080': 'Encryption controller',
  '1180': 'Signal processing controller',
  '1300': 'Non-Essential Instrumentation',
}

const CLASS_FAMILY: Record<string, string> = {
  '01': 'Mass storage controller',
  '02': 'Network controller',
  '03': 'Display controller',
  '04': 'Multimedia controller',
  '06': 'Bridge',
  '0c': 'Serial bus controller',
}

export function builtinClassName(classCode: string): string {
  return CLASS_WORDS[classCode.slice(0, 4)] ?? CLASS_FAMILY[classCode.slice(0, 2)] ?? `Class ${classCode}`
}

/** A display controller: VGA (0300), 3D (0302, e.g. laptop dGPUs and compute cards), other (0380). */
export function isGpu(device: Pick<PciDevice, 'classCode'>): boolean {
  return device.classCode.startsWith('03')
}

/**
 * Bridges that may share a group with a passed-through device without being given to the guest:
 * PCI-to-PCI bridges and root ports (0604) and host bridges (0600). vfio does not need them bound;
 * the kernel lets them stay with pcieport or no driver.
 */
export function isBridge(device: Pick<PciDevice, 'classCode'>): boolean {
  return device.classCode.startsWith('0604') || device.classCode.startsWith('0600')
}

export function isStorage(device: Pick<PciDevice, 'classCode'>): boolean {
  return device.classCode.startsWith('01')
}

export function isUsb(device: Pick<PciDevice, 'classCode'>): boolean {
  return device.classCode.startsWith('0c03')
}

export function isNetwork(device: Pick<PciDevice, 'classCode'>): boolean {
  return device.classCode.startsWith('02')
}

export type GpuVendor = 'nvidia' | 'amd' | 'intel' | 'other'

export function gpuVendor(vendorId: string): GpuVendor {
  switch (vendorId.toLowerCase()) {
    case '10de':
      return 'nvidia'
    case '1002':
      return 'amd'
    case '8086':
      return 'intel'
    default:
      return 'other'
  }
}

/** Drivers that put a picture on a screen (or own the GPU for one). */
export const DISPLAY_DRIVERS = new Set([
  'i915',
  'xe',
  'amdgpu',
  'radeon',
  'nouveau',
  'nvidia',
  'simpledrm',
  'efifb',
])

/** The bus, slot and domain of an address: the functions of one card share it. */
export function slotOf(address: string): string {
  return address.slice(0, address.lastIndexOf('.'))
}

/** "NVIDIA GeForce GTX 1060 6GB", or the ids when the host has no pci.ids. */
export function deviceTitle(device: PciDevice): string {
  if (device.deviceName !== undefined) {
    const vendor = device.vendorName !== undefined ? shortVendor(device.vendorName) : device.vendorId
    return `${vendor} ${device.deviceName}`
  }
  return `${device.vendorName !== undefined ? shortVendor(device.vendorName) : 'device'} [${device.vendorId}:${device.deviceId}]`
}

/** "Advanced Micro Devices, Inc. [AMD/ATI]" → "AMD/ATI"; "NVIDIA Corporation" → "NVIDIA". */
export function shortVendor(name: string): string {
  const bracket = /\[([^\]]+)\]\s*$/.exec(name)
  if (bracket?.[1] !== undefined) return bracket[1]
  return name.replace(/,?\s+(Corporation|Corp\.|Inc\.|Co\., Ltd\.|Ltd\.|Technology Inc\.)$/i, '').trim()
}

/** "your SATA controller (00:17.0)" style wording of a device, in the user's terms. */
export function deviceLabel(device: PciDevice): string {
  return `${deviceTitle(device)} (${device.className}, ${device.address})`
}
