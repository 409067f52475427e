import type { PlanCommand } from '@shared/passthrough.js'

/**
 * Kernel parameters for passthrough and where each bootloader keeps them. GRUB is edited through
 * the nested feature's /etc/default/grub editor; systemd-boot entries here (their `options` lines,
 * byte for byte otherwise); kernelstub and grubby through their own commands, since they rewrite
 * the boot entries themselves.
 */

/**
 * intel_iommu=on on Intel only: AMD-Vi is on whenever the firmware enables it, and `amd_iommu=on`
 * is not an option the kernel knows ("AMD-Vi: Unknown option - 'on'"). iommu=pt everywhere: host
 * devices skip DMA translation, which costs nothing for the guest and avoids slowdowns on the host.
 */
export function passthroughParams(vendor: 'intel' | 'amd' | null): { params: string[]; notes: string[] } {
  if (vendor === 'amd')
    return {
      params: ['iommu=pt'],
      notes: [
        'AMD: the IOMMU (AMD-Vi) is on by default when it is enabled in the firmware setup; no amd_iommu=on is added (the kernel does not know that value and says so in its log).',
      ],
    }
  if (vendor === 'intel')
    return {
      params: ['intel_iommu=on', 'iommu=pt'],
      notes: [
        'Intel: VT-d must be enabled in the firmware setup, and intel_iommu=on turns it on in the kernel.',
      ],
    }
  return {
    params: ['iommu=pt'],
    notes: ['The CPU vendor is unknown; only iommu=pt is planned. Intel CPUs also need intel_iommu=on.'],
  }
}

/** The parameters already on a command line (same name and value). */
export function paramsPresent(cmdline: string | null, params: readonly string[]): string[] {
  const words = new Set((cmdline ?? '').split(/\s+/))
  return params.filter((p) => words.has(p))
}

/**
 * A systemd-boot entry: the parameters go onto its last `options` line (systemd-boot joins all of
 * them); an entry without one gets one. Commented lines and the separator (space or tab) are kept.
 */
export function editSystemdBootEntry(text: string, params: readonly string[]): string {
  const lines = [...text.matchAll(/^options([ \t]+)(.*)$/gm)]
  const present = new Set(lines.flatMap((l) => (l[2] ?? '').trim().split(/\s+/)))
  const missing = params.filter((p) => !present.has(p))
  if (missing.length === 0) return text
  const last = lines.at(-1)
  if (last === undefined || last.index === undefined) {
    return `${text === '' || text.endsWith('\n') ? text : `${text}\n`}options ${missing.join(' ')}\n`
  }
  const end = last.index + last[0].length
  const value = last[2] ?? ''
  const trailing = /\s*$/.exec(value)?.[0] ?? ''
  const cut = end - trailing.length
  return `${text.slice(0, cut)} ${missing.join(' ')}${text.slice(cut)}`
}

/** kernel_options of kernelstub's "user" section (/etc/kernelstub/configuration, JSON). */
export function kernelstubOptions(json: string): string[] {
  try {
    const parsed = JSON.parse(json) as { user?: { kernel_options?: unknown } }
    const options = parsed.user?.kernel_options
    return Array.isArray(options) ? options.filter((o): o is string => typeof o === 'string') : []
  } catch {
    return []
  }
}

export function kernelstubCommand(missing: readonly string[]): PlanCommand {
  return {
    file: 'kernelstub',
    args: ['--add-options', missing.join(' ')],
    why: 'Add the IOMMU parameters to the boot entry kernelstub manages',
  }
}

/** Parameters every entry of `grubby --info=ALL` already has. */
export function grubbyCommonArgs(info: string): string[] {
  const sets = [...info.matchAll(/^args="?([^"\n]*)"?$/gm)].map((m) => new Set((m[1] ?? '').split(/\s+/)))
  const first = sets[0]
  if (first === undefined) return []
  return [...first].filter((a) => a !== '' && sets.every((s) => s.has(a)))
}

export function grubbyCommand(missing: readonly string[]): PlanCommand {
  return {
    file: 'grubby',
    args: ['--update-kernel=ALL', `--args=${missing.join(' ')}`],
    why: 'Add the IOMMU parameters to every boot entry',
  }
}
