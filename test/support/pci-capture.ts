/**
 * Parses the real captures in test/fixtures/hosts/iommu-groups/ and lspci-nnk/ into device records:
 * address, class, ids, revision, subsystem, driver, modules, IOMMU group, reset marker. Every format
 * found there: "IOMMU Group N:" + indented lines, the flat "IOMMU group N <device>" loop, r15ch13's
 * gist table ("Group N:\t[vvvv:dddd] [R] 00:01.0  PCI bridge  …", with USB lines), and lspci -nnk
 * with or without indentation of the detail lines.
 */

export interface CapturedDevice {
  address: string
  classCode: string
  vendorId: string
  deviceId: string
  revision?: string
  subsystem?: { vendorId: string; deviceId: string }
  driver?: string
  modules?: string[]
  group?: number
  /** r15ch13's [R]: the function can be reset on its own. */
  resettable?: boolean
}

const DEVICE_LINE =
  /^\s*(?:([0-9a-f]{4}):)?([0-9a-f]{2}:[0-9a-f]{2}\.[0-7]) (.+?) \[([0-9a-f]{4})\]: .*?\[([0-9a-f]{4}):([0-9a-f]{4})\](?: \(rev ([0-9a-f]{2})\))?\s*$/

/** r15ch13 prints class names, not codes; these are the ones its captures use. */
const CLASS_BY_NAME: Record<string, string> = {
  'Host bridge': '0600',
  'PCI bridge': '0604',
  'ISA bridge': '0601',
  'USB controller': '0c03',
  'RAM memory': '0500',
  'Communication controller': '0780',
  'SATA controller': '0106',
  'Audio device': '0403',
  SMBus: '0c05',
  'Serial bus controller': '0c80',
  'VGA compatible controller': '0300',
  'Non-Volatile memory controller': '0108',
  'Ethernet controller': '0200',
}

function full(domain: string | undefined, address: string): string {
  return `${domain ?? '0000'}:${address}`
}

/** Progamming interface by class, as the kernel reports it (lspci -nn shows only class+subclass). */
function classWithInterface(code: string): string {
  const prog: Record<string, string> = { '0106': '01', '0108': '02', '0c03': '30', '0c05': '00' }
  return `${code}${prog[code] ?? '00'}`
}

export function parseIommuGroups(text: string): CapturedDevice[] {
  const devices: CapturedDevice[] = []
  let group: number | undefined
  for (const line of text.split('\n')) {
    const gist =
      /^(?:Group\s+(\d+):)?\s*\[([0-9a-f]{4}):([0-9a-f]{4})\]\s+(\[R\])?\s*([0-9a-f]{2}:[0-9a-f]{2}\.[0-7])\s+(.+?)\s{2,}/.exec(
        line,
      )
    if (gist !== null) {
      if (gist[1] !== undefined) group = Number(gist[1])
      const className = gist[6] ?? ''
      const code = CLASS_BY_NAME[className]
      if (code === undefined) throw new Error(`Unknown class name in capture: ${className}`)
      const device: CapturedDevice = {
        address: full(undefined, gist[5] ?? ''),
        classCode: classWithInterface(code),
        vendorId: gist[2] ?? '',
        deviceId: gist[3] ?? '',
        resettable: gist[4] !== undefined,
      }
      if (group !== undefined) device.group = group
      devices.push(device)
      continue
    }
    const header = /^IOMMU [Gg]roup (\d+)(:?)(.*)$/.exec(line)
    let rest = line
    if (header !== null) {
      group = Number(header[1])
      rest = header[3] ?? ''
      if (rest.trim() === '') continue
    }
    const m = DEVICE_LINE.exec(rest)
    if (m === null) continue
    const device: CapturedDevice = {
      address: full(m[1], m[2] ?? ''),
      classCode: classWithInterface(m[4] ?? ''),
      vendorId: m[5] ?? '',
      deviceId: m[6] ?? '',
    }
    if (m[7] !== undefined) device.revision = m[7]
    if (group !== undefined) device.group = group
    devices.push(device)
  }
  return devices
}

export function parseLspciNnk(text: string): CapturedDevice[] {
  const devices: CapturedDevice[] = []
  let current: CapturedDevice | undefined
  for (const line of text.split('\n')) {
    const m = DEVICE_LINE.exec(line)
    if (m !== null && !/^\s/.test(line)) {
      current = {
        address: full(m[1], m[2] ?? ''),
        classCode: classWithInterface(m[4] ?? ''),
        vendorId: m[5] ?? '',
        deviceId: m[6] ?? '',
      }
      if (m[7] !== undefined) current.revision = m[7]
      devices.push(current)
      continue
    }
    if (current === undefined) continue
    const detail = line.trim()
    const sub = /^Subsystem: .*\[([0-9a-f]{4}):([0-9a-f]{4})\]$/.exec(detail)
    if (sub !== null) current.subsystem = { vendorId: sub[1] ?? '', deviceId: sub[2] ?? '' }
    const driver = /^Kernel driver in use: (\S+)$/.exec(detail)
    if (driver !== null) current.driver = driver[1] ?? ''
    const modules = /^Kernel modules: (.+)$/.exec(detail)
    if (modules !== null) current.modules = (modules[1] ?? '').split(/,\s*/)
  }
  return devices
}

/** Both views of one machine: groups from the listing, subsystem/driver from lspci -nnk. */
export function mergeCaptures(groups: CapturedDevice[], lspci: CapturedDevice[]): CapturedDevice[] {
  const byAddress = new Map<string, CapturedDevice>()
  for (const device of groups) byAddress.set(device.address, { ...device })
  for (const device of lspci) {
    const known = byAddress.get(device.address)
    byAddress.set(
      device.address,
      known === undefined ? { ...device } : { ...device, ...known, ...pick(device) },
    )
  }
  return [...byAddress.values()].sort((a, b) => a.address.localeCompare(b.address))
}

function pick(device: CapturedDevice): Partial<CapturedDevice> {
  const out: Partial<CapturedDevice> = {}
  if (device.subsystem !== undefined) out.subsystem = device.subsystem
  if (device.driver !== undefined) out.driver = device.driver
  if (device.modules !== undefined) out.modules = device.modules
  return out
}
