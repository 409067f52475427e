import { describe, expect, it } from 'vitest'
import type { HostVmCapabilities } from '@shared/vm-create.js'
import { gamingPreset } from './gamingPreset'

const caps = (machines: string[], uefi: boolean): HostVmCapabilities => ({
  arch: 'x86_64',
  virtType: 'kvm',
  virtTypes: ['kvm', 'qemu'],
  machines,
  defaultMachine: machines[0] ?? '',
  uefi,
  firmwareAutoselect: uefi,
  loaders: [],
})

describe('Gaming VM preset', () => {
  it('q35 + UEFI + host CPU, 8 GiB, 4 vCPUs, 128 GiB disk on a host that has them', () => {
    const { patch, problems } = gamingPreset(caps(['pc-i440fx-7.2', 'pc', 'pc-q35-7.2', 'q35'], true))
    expect(problems).toEqual([])
    expect(patch).toMatchObject({
      machine: 'q35',
      firmware: 'uefi',
      cpuMode: 'host-passthrough',
      memoryMiB: 8192,
      vcpus: 4,
      diskSizeGiB: 128,
    })
  })

  it('the newest versioned q35 when there is no plain alias; says what is missing without OVMF or q35', () => {
    expect(gamingPreset(caps(['pc-q35-6.2', 'pc-q35-7.2'], true)).patch.machine).toBe('pc-q35-7.2')
    const { patch, problems } = gamingPreset(caps(['pc'], false))
    expect(patch.machine).toBeUndefined()
    expect(patch.firmware).toBeUndefined()
    expect(problems).toEqual([
      'This host offers no q35 machine type: a GPU wants PCI Express (q35).',
      'OVMF (UEFI) is not installed on this host: install the ovmf package.',
    ])
  })
})
