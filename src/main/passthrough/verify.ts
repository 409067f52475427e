import type { PciInventory } from '@shared/passthrough.js'
import { isGpu } from './classify.js'
import { cardFunctions } from './viability.js'

/**
 * After the reboot: re-read the host and check what the preparation promised, each point with
 * its evidence — the IOMMU groups exist (and the kernel parameters are on the command line), every
 * function of the card is bound to vfio-pci, and the host still shows its picture on another GPU.
 */

export interface VerifyPoint {
  id: 'iommu' | 'params' | 'vfio' | 'host-display'
  title: string
  pass: boolean
  evidence: string
}

export function verifyAfterReboot(
  inventory: PciInventory,
  gpuAddress: string,
  expectedParams: readonly string[],
): VerifyPoint[] {
  const points: VerifyPoint[] = []
  const groups = new Set(inventory.devices.map((d) => d.iommuGroup).filter((g) => g !== undefined))
  points.push({
    id: 'iommu',
    title: 'IOMMU groups are present',
    pass: groups.size > 0,
    evidence:
      groups.size > 0
        ? `${groups.size} IOMMU groups in /sys/kernel/iommu_groups`
        : 'no device has an iommu_group link: the IOMMU is still off (firmware setting or kernel parameter)',
  })
  const words = new Set((inventory.cmdline ?? '').split(/\s+/))
  const missing = expectedParams.filter((p) => !words.has(p))
  points.push({
    id: 'params',
    title: 'The kernel was booted with the new parameters',
    pass: inventory.cmdline !== null && missing.length === 0,
    evidence:
      inventory.cmdline === null
        ? '/proc/cmdline could not be read'
        : missing.length === 0
          ? `/proc/cmdline has ${expectedParams.join(' ') || 'nothing new to check'}`
          : `/proc/cmdline lacks ${missing.join(' ')}: the bootloader did not pick up the change (was its configuration regenerated?)`,
  })
  const gpu = inventory.devices.find((d) => d.address === gpuAddress)
  const functions = gpu === undefined ? [] : cardFunctions(gpu, inventory.devices)
  const inCard = new Set(functions.map((f) => f.address))
  const notVfio = functions.filter((f) => f.driver !== 'vfio-pci')
  points.push({
    id: 'vfio',
    title: 'Every function of the card is bound to vfio-pci',
    pass: functions.length > 0 && notVfio.length === 0,
    evidence:
      functions.length === 0
        ? `no device at ${gpuAddress} any more: was the card moved to another slot?`
        : notVfio.length === 0
          ? functions.map((f) => `${f.address}: vfio-pci`).join(', ')
          : notVfio.map((f) => `${f.address}: ${f.driver ?? 'no driver'}`).join(', ') +
            ' — the GPU driver loaded before vfio-pci (check the softdep lines and the initramfs)',
  })
  const hostGpus = inventory.devices.filter(
    (d) => isGpu(d) && d.address !== gpuAddress && !inCard.has(d.address),
  )
  const showing = hostGpus.filter(
    (d) =>
      d.driver !== undefined &&
      d.driver !== 'vfio-pci' &&
      (d.bootVga || inventory.connectors.some((c) => c.address === d.address && c.status === 'connected')),
  )
  points.push({
    id: 'host-display',
    title: 'The host shows its picture on another GPU',
    pass: showing.length > 0,
    evidence:
      showing.length > 0
        ? showing
            .map((d) => {
              const outputs = inventory.connectors
                .filter((c) => c.address === d.address && c.status === 'connected')
                .map((c) => c.name)
              return `${d.address} on ${d.driver ?? '?'}${outputs.length > 0 ? ` (${outputs.join(', ')} connected)` : ' (boot_vga)'}`
            })
            .join('; ')
        : hostGpus.length === 0
          ? 'no other GPU: the host has no display while the card is bound to vfio-pci'
          : `no other GPU is driving a screen (${hostGpus.map((d) => `${d.address}: ${d.driver ?? 'no driver'}`).join(', ')})`,
  })
  return points
}
