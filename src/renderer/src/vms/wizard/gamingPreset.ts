import type { HostVmCapabilities } from '@shared/vm-create.js'
import type { WizardDraft } from './wizardDraft'

/**
 * The "Gaming VM" preset: what a Windows guest with a passed-through GPU wants from the start — q35
 * (PCI Express for the card), UEFI (OVMF: GPU option ROMs and Windows 11), the host's CPU, enough
 * memory and cores, a disk big enough for games. The card itself is given afterwards in the GPU
 * passthrough panel ("Give the card to a VM"). Returns what it changes and why not, when the host
 * cannot.
 */
export function gamingPreset(caps: HostVmCapabilities | undefined): {
  patch: Partial<WizardDraft>
  problems: string[]
} {
  const problems: string[] = []
  const machines = caps?.machines ?? []
  const q35 =
    machines.find((m) => m === 'q35') ??
    machines.filter((m) => /q35/.test(m)).sort((a, b) => b.localeCompare(a, undefined, { numeric: true }))[0]
  if (q35 === undefined) problems.push('This host offers no q35 machine type: a GPU wants PCI Express (q35).')
  if (caps?.uefi !== true)
    problems.push('OVMF (UEFI) is not installed on this host: install the ovmf package.')
  const patch: Partial<WizardDraft> = {
    memoryMiB: 8192,
    vcpus: 4,
    diskSizeGiB: 128,
    diskFormat: 'qcow2',
    preallocation: 'metadata',
    cpuMode: 'host-passthrough',
    ...(q35 === undefined ? {} : { machine: q35 }),
    ...(caps?.uefi === true ? { firmware: 'uefi' as const } : {}),
  }
  return { patch, problems }
}
