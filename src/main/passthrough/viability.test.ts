import { describe, expect, it } from 'vitest'
import type { PciDevice, PciInventory } from '@shared/passthrough.js'
import { judgePassthrough, listInWords } from './viability.js'

/** Synthesized inventories (no capture has a Turing card with USB-C): the judgement is pure. */

function device(
  address: string,
  classCode: string,
  deviceId: string,
  extra: Partial<PciDevice> = {},
): PciDevice {
  return {
    address,
    classCode,
    vendorId: '10de',
    deviceId,
    bootVga: false,
    resetMethods: [],
    canReset: false,
    className: classCode.startsWith('03') ? 'VGA compatible controller' : 'other',
    disks: [],
    ...extra,
  }
}

function inventory(devices: PciDevice[]): PciInventory {
  return {
    root: '/',
    devices,
    iommuEnabled: true,
    connectors: [],
    pciIdsPath: null,
    cmdline: null,
    kernelRelease: null,
    cpuVendor: 'intel',
  }
}

describe('viability of a synthesized RTX 2070 (VGA, audio, USB-C, serial bus)', () => {
  const card = [
    device('0000:01:00.0', '030000', '1f02', { iommuGroup: 1 }),
    device('0000:01:00.1', '040300', '10f9', { iommuGroup: 1 }),
    device('0000:01:00.2', '0c0330', '1ada', { iommuGroup: 1 }),
    device('0000:01:00.3', '0c8000', '1adb', { iommuGroup: 1 }),
  ]
  const igpu = device('0000:00:02.0', '030000', '3e92', { vendorId: '8086', bootVga: true, iommuGroup: 0 })

  it('every function of the card is counted, so the group is viable', () => {
    const report = judgePassthrough('h', inventory([igpu, ...card]))
    const gpu = report.gpus.find((g) => g.address === '0000:01:00.0')
    expect(gpu?.functions.map((f) => f.address)).toEqual(card.map((d) => d.address))
    expect(gpu?.viability).toBe('viable')
    expect(gpu?.blockers).toEqual([])
  })

  it('a disk controller in the group blocks it, names its disks, and the whole-group option is not offered', () => {
    const nvme = device('0000:02:00.0', '010802', 'a808', {
      vendorId: '144d',
      iommuGroup: 1,
      className: 'Non-Volatile memory controller',
      disks: ['nvme0n1'],
    })
    const gpu = judgePassthrough('h', inventory([igpu, ...card, nvme])).gpus[1]
    expect(gpu?.viability).toBe('blocked')
    expect(gpu?.blockers[0]).toBe(
      'IOMMU group 1 also holds your NVMe SSD controller (device [144d:a808], 02:00.0, holding nvme0n1). A group goes to a guest whole, so these would have to leave the host too.',
    )
    expect(gpu?.blockers[1]).toMatch(/^The group holds the host's storage/)
    expect(gpu?.options.some((o) => o.startsWith('Pass the whole group'))).toBe(false)
  })

  it('a reset method list without FLR is a warning', () => {
    const noFlr = [{ ...card[0]!, resetMethods: ['bus'] }, ...card.slice(1)]
    const gpu = judgePassthrough('h', inventory([igpu, ...noFlr])).gpus[1]
    expect(gpu?.warnings.some((w) => w.includes('cannot reset itself with FLR (reset methods: bus)'))).toBe(
      true,
    )
  })

  it('joins lists in words', () => {
    expect(listInWords(['a'])).toBe('a')
    expect(listInWords(['a', 'b', 'c'])).toBe('a, b and c')
  })
})
