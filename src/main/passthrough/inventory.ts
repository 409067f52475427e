import type { Host } from '../host/host.js'
import type { DrmConnector, PciDevice, PciInventory } from '@shared/passthrough.js'
import { builtinClassName } from './classify.js'
import { PciIds } from './pci-ids.js'
import type { RawDevice, SysfsDump } from './sysfs-dump.js'
import { dumpSysfs, lastPciAddress } from './sysfs-dump.js'

/**
 * The PCI inventory of a host: one sysfs dump (sysfs-dump.ts) plus names from the host's pci.ids,
 * read once per host and file size and kept, because it is 1.3 MB and never changes between reads.
 */

const pciIdsCache = new Map<string, PciIds>()

/** sysfs prints ids as `0x10de`; classes as `0x030000`. */
function hex(value: string | undefined, digits: number): string | undefined {
  if (value === undefined) return undefined
  const m = /^(?:0x)?([0-9a-fA-F]+)$/.exec(value.trim())
  return m?.[1] === undefined ? undefined : m[1].toLowerCase().padStart(digits, '0').slice(-digits)
}

async function loadPciIds(host: Host, root: string, path: string | null): Promise<PciIds | null> {
  if (path === null) return null
  const full = `${root === '/' ? '' : root.replace(/\/+$/, '')}${path}`
  const key = `${host.id}\0${full}`
  const cached = pciIdsCache.get(key)
  if (cached !== undefined) return cached
  try {
    const ids = new PciIds((await host.readFile(full)).toString('utf8'))
    pciIdsCache.set(key, ids)
    return ids
  } catch {
    return null
  }
}

/** Forget cached pci.ids (tests, or after the user installs the database). */
export function clearPciIdsCache(): void {
  pciIdsCache.clear()
}

function toDevice(raw: RawDevice, ids: PciIds | null, disks: Map<string, string[]>): PciDevice {
  const a = raw.attrs
  const classCode = hex(a.get('class'), 6) ?? '000000'
  const vendorId = hex(a.get('vendor'), 4) ?? '0000'
  const deviceId = hex(a.get('device'), 4) ?? '0000'
  const subV = hex(a.get('subsystem_vendor'), 4)
  const subD = hex(a.get('subsystem_device'), 4)
  const group = a.get('iommu_group')
  const numa = a.get('numa_node')
  const device: PciDevice = {
    address: raw.address,
    classCode,
    vendorId,
    deviceId,
    bootVga: a.get('boot_vga') === '1',
    resetMethods: (a.get('reset_method') ?? '').split(/\s+/).filter((m) => m !== ''),
    canReset: a.get('reset') === '1',
    className: ids?.className(classCode) ?? builtinClassName(classCode),
    disks: disks.get(raw.address) ?? [],
  }
  if (subV !== undefined) device.subsystemVendorId = subV
  if (subD !== undefined) device.subsystemDeviceId = subD
  const revision = hex(a.get('revision'), 2)
  if (revision !== undefined) device.revision = revision
  const driver = a.get('driver')
  if (driver !== undefined && driver !== '') device.driver = driver
  const override = a.get('driver_override')
  if (override !== undefined && override !== '' && override !== '(null)') device.driverOverride = override
  if (group !== undefined && /^\d+$/.test(group)) device.iommuGroup = Number(group)
  if (numa !== undefined && /^-?\d+$/.test(numa) && Number(numa) >= 0) device.numaNode = Number(numa)
  if (ids !== null) {
    const vendorName = ids.vendor(vendorId)
    const deviceName = ids.device(vendorId, deviceId)
    if (vendorName !== undefined) device.vendorName = vendorName
    if (deviceName !== undefined) device.deviceName = deviceName
    if (subV !== undefined && subD !== undefined) {
      const sub = ids.subsystem(vendorId, deviceId, subV, subD)
      if (sub !== undefined) device.subsystemName = sub
    }
  }
  return device
}

export function inventoryFromDump(root: string, dump: SysfsDump, ids: PciIds | null): PciInventory {
  const disks = new Map<string, string[]>()
  for (const [disk, path] of dump.blocks) {
    const address = lastPciAddress(path)
    if (address !== undefined) disks.set(address, [...(disks.get(address) ?? []), disk])
  }
  const devices = dump.devices
    .map((raw) => toDevice(raw, ids, disks))
    .sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0))
  const connectors: DrmConnector[] = dump.connectors
    .map((c) => {
      const card = c.name.slice(0, c.name.indexOf('-'))
      const connector: DrmConnector = { name: c.name, card, status: c.status }
      const path = dump.cards.get(card)
      const address = path === undefined ? undefined : lastPciAddress(path)
      if (address !== undefined) connector.address = address
      return connector
    })
    .sort((a, b) => a.name.localeCompare(b.name))
  const vendor = dump.cpuVendorId
  return {
    root,
    devices,
    iommuEnabled: devices.some((d) => d.iommuGroup !== undefined),
    connectors,
    pciIdsPath: ids === null ? null : dump.pciIdsPath,
    cmdline: dump.cmdline,
    kernelRelease: dump.kernelRelease,
    cpuVendor: vendor === 'GenuineIntel' ? 'intel' : vendor === 'AuthenticAMD' ? 'amd' : null,
  }
}

/** Reads the PCI devices of `host` under `root` ('/' normally; a captured tree in tests). */
export async function readPciInventory(
  host: Host,
  root = '/',
  options: { signal?: AbortSignal } = {},
): Promise<PciInventory> {
  const dump = await dumpSysfs(host, root, options.signal)
  const ids = await loadPciIds(host, root, dump.pciIdsPath)
  return inventoryFromDump(root, dump, ids)
}
