import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import {
  kvmModule,
  nestedKernelParam,
  nestedParamPath,
  parseNestedValue,
  vendorFromCpuinfo,
} from './kvm-module.js'

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))
const nestedDir = join(repoRoot, 'test', 'fixtures', 'hosts', 'nested')

describe('kvm module facts', () => {
  it.each([
    ['amd-ryzen7840hs-kvm_amd-nested-1.txt', 'Y'],
    ['intel-centos7-kvm_intel-nested-N.txt', 'N'],
    ['intel-fedora-laptop-kvm_intel-nested-Y.txt', 'Y'],
    ['intel-wsl2-builtin-kvm_intel-nested-N.txt', 'N'],
  ])('reads the sysfs nested value of %s', (name, expected) => {
    expect(parseNestedValue(readFileSync(join(nestedDir, name), 'utf8'))).toBe(expected)
  })

  it('covers every sysfs fixture', () => {
    expect(
      readdirSync(nestedDir).filter((f) => f.endsWith('-nested-1.txt') || /-nested-[YN]\.txt$/.test(f)),
    ).toHaveLength(4)
    expect(
      parseNestedValue(
        readFileSync(join(nestedDir, 'intel-centos7-modinfo-kvm_intel-grep-nested.txt'), 'utf8'),
      ),
    ).toBe('unknown')
  })

  it('maps the vendor to module, parameter and sysfs path', () => {
    expect(vendorFromCpuinfo('processor\t: 0\nvendor_id\t: GenuineIntel\n')).toBe('intel')
    expect(vendorFromCpuinfo('vendor_id       : AuthenticAMD\n')).toBe('amd')
    expect(vendorFromCpuinfo('vendor_id\t: HygonGenuine\n')).toBe('amd')
    expect(vendorFromCpuinfo('processor\t: 0\nBogoMIPS\t: 48.00\nCPU implementer\t: 0x41\n')).toBeNull()
    expect([kvmModule('intel'), nestedKernelParam('intel'), nestedParamPath('intel')]).toEqual([
      'kvm_intel',
      'kvm-intel.nested=1',
      '/sys/module/kvm_intel/parameters/nested',
    ])
    expect([kvmModule('amd'), nestedKernelParam('amd'), nestedParamPath('amd')]).toEqual([
      'kvm_amd',
      'kvm-amd.nested=1',
      '/sys/module/kvm_amd/parameters/nested',
    ])
  })
})
