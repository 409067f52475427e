import type { Host } from '../host/host.js'
import type { CpuVendor, NestedState } from '@shared/nested.js'
import { AppError } from '@shared/errors.js'
import { parseModuleBoolean } from '../hostconf/module-params.js'
import { readTextOrNull } from '../changes/host-files.js'

/** The vendor KVM module as modprobe and sysfs name it. */
export function kvmModule(vendor: CpuVendor): 'kvm_intel' | 'kvm_amd' {
  return vendor === 'intel' ? 'kvm_intel' : 'kvm_amd'
}

/** The kernel command-line parameter that turns nesting on at boot, e.g. `kvm-intel.nested=1`. */
export function nestedKernelParam(vendor: CpuVendor): string {
  return vendor === 'intel' ? 'kvm-intel.nested=1' : 'kvm-amd.nested=1'
}

export function nestedParamPath(vendor: CpuVendor): string {
  return `/sys/module/${kvmModule(vendor)}/parameters/nested`
}

/** Module names treat `-` and `_` alike (kvm-intel = kvm_intel); compare in the underscore form. */
export function normalizeModuleName(name: string): string {
  return name.replace(/-/g, '_')
}

/** The vendor from /proc/cpuinfo's vendor_id. Hygon CPUs use kvm_amd. */
export function vendorFromCpuinfo(cpuinfo: string): CpuVendor | null {
  const match = /^vendor_id\s*:\s*(\S+)/m.exec(cpuinfo)
  switch (match?.[1]) {
    case 'GenuineIntel':
      return 'intel'
    case 'AuthenticAMD':
    case 'HygonGenuine':
      return 'amd'
    default:
      return null
  }
}

export async function detectVendor(host: Host): Promise<CpuVendor> {
  const cpuinfo = await readTextOrNull(host, '/proc/cpuinfo')
  const vendor = cpuinfo === null ? null : vendorFromCpuinfo(cpuinfo)
  if (vendor === null) {
    const seen =
      cpuinfo === null ? 'no /proc/cpuinfo' : (/^vendor_id\s*:.*$/m.exec(cpuinfo)?.[0] ?? 'no vendor_id line')
    throw new AppError('UNSUPPORTED', 'Nested KVM needs an Intel or AMD x86 CPU.', {
      detail: `Found: ${seen}`,
    })
  }
  return vendor
}

/**
 * Reads a kernel boolean as sysfs prints it: kvm_intel prints Y/N, kvm_amd 1/0, and `kstrtobool`
 * spellings may appear in config files (y, on, off).
 */
export function parseNestedValue(text: string): NestedState {
  const value = parseModuleBoolean(text)
  return value === undefined ? 'unknown' : value ? 'Y' : 'N'
}

/** The nested parameter read from its sysfs file; 'unknown' when there is no file (module not loaded) or no path. */
export async function readNestedAt(host: Host, path: string | null): Promise<NestedState> {
  if (path === null) return 'unknown'
  const text = await readTextOrNull(host, path).catch(() => null)
  return text === null ? 'unknown' : parseNestedValue(text)
}

/** The live value of the nested parameter, 'unknown' when the module is not loaded. */
export async function readNestedState(host: Host, vendor: CpuVendor): Promise<NestedState> {
  return readNestedAt(host, nestedParamPath(vendor))
}
