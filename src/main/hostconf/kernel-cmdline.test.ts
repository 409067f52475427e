import { describe, expect, it } from 'vitest'
import { findParam, parseKernelCmdline } from './kernel-cmdline.js'

describe('parseKernelCmdline', () => {
  it('splits parameters and values, and stops at `--` (the rest is for init)', () => {
    const cmdline = parseKernelCmdline(
      'console=ttyS0 quiet nested_pvm=1 rdinit=/process_api -- --firecracker-init --addr 0.0.0.0:2024\n',
    )
    expect(cmdline.params.map((param) => [param.name, param.value])).toEqual([
      ['console', 'ttyS0'],
      ['quiet', undefined],
      ['nested_pvm', '1'],
      ['rdinit', '/process_api'],
    ])
    expect(cmdline.initArgs).toEqual(['--firecracker-init', '--addr', '0.0.0.0:2024'])
  })

  it('keeps quoted values with blanks whole, and removes the quotes', () => {
    const { params } = parseKernelCmdline(
      'root=/dev/sda1 dyndbg="file drivers/usb/* +p" "acpi_osi=Windows 2020" ro',
    )
    expect(params.map((param) => param.value)).toEqual([
      '/dev/sda1',
      'file drivers/usb/* +p',
      'Windows 2020',
      undefined,
    ])
    expect(params[1]?.raw).toBe('dyndbg="file drivers/usb/* +p"')
  })

  it('treats dashes and underscores alike in names, and lets the last one win', () => {
    const { params } = parseKernelCmdline(
      'kvm-intel.nested=0 intel_iommu=on kvm_intel.nested=1 vfio-pci.ids=8086:56a6,8086:4f92',
    )
    expect(findParam(params, 'kvm_intel.nested')?.value).toBe('1')
    expect(findParam(params, 'kvm-intel.nested')?.raw).toBe('kvm_intel.nested=1')
    expect(findParam(params, 'vfio_pci.ids')?.value).toBe('8086:56a6,8086:4f92')
    expect(findParam(params, 'amd_iommu')).toBeUndefined()
  })

  it('copes with empty input and repeated blanks', () => {
    expect(parseKernelCmdline('')).toEqual({ params: [], initArgs: [] })
    expect(parseKernelCmdline('  a   b=  ').params.map((param) => param.raw)).toEqual(['a', 'b='])
  })
})
