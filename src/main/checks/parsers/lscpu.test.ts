import { describe, expect, it } from 'vitest'
import { hostFixture, hostFixtureFiles } from '../../../../test/support/fixtures.js'
import { parseCpuinfo } from './cpuinfo.js'
import { parseLscpu } from './lscpu.js'

interface Want {
  vendorId: string
  modelName: string
  virtualization?: string
  hypervisorVendor?: string
  virtualizationType?: string
  flagCount: number
  vmx: boolean
  svm: boolean
  hypervisor: boolean
}

const cases: Record<string, Want> = {
  'amd-ryzen5-surface-laptop-amd-v-wrapped.txt': {
    vendorId: 'AuthenticAMD',
    modelName: 'AMD Ryzen 5 Microsoft Surface (R) Edition',
    virtualization: 'AMD-V',
    flagCount: 129,
    vmx: false,
    svm: true,
    hypervisor: false,
  },
  'amd-ryzen7pro2700-hyperv-guest-nested-amd-v.txt': {
    vendorId: 'AuthenticAMD',
    modelName: 'AMD Ryzen 7 PRO 2700 Eight-Core Processor',
    virtualization: 'AMD-V',
    hypervisorVendor: 'Microsoft',
    virtualizationType: 'full',
    flagCount: 92,
    vmx: false,
    svm: true,
    hypervisor: true,
  },
  'aws-i3-xeon-e5-2686v4-xen-guest.txt': {
    vendorId: 'GenuineIntel',
    modelName: 'Intel(R) Xeon(R) CPU E5-2686 v4 @ 2.30GHz',
    hypervisorVendor: 'Xen',
    virtualizationType: 'full',
    flagCount: 71,
    vmx: false,
    svm: false,
    hypervisor: true,
  },
  'aws-m5a-epyc7571-kvm-guest-no-svm.txt': {
    vendorId: 'AuthenticAMD',
    modelName: 'AMD EPYC 7571',
    hypervisorVendor: 'KVM',
    virtualizationType: 'full',
    flagCount: 81,
    vmx: false,
    svm: false,
    hypervisor: true,
  },
  'aws-xeon8175m-kvm-guest-no-virtualization-line.txt': {
    vendorId: 'GenuineIntel',
    modelName: 'Intel(R) Xeon(R) Platinum 8175M CPU @ 2.50GHz',
    hypervisorVendor: 'KVM',
    virtualizationType: 'full',
    flagCount: 85,
    vmx: false,
    svm: false,
    hypervisor: true,
  },
  'azure-d2sv3-xeon-e5-2673v4-hyperv-guest-nested-vt-x.txt': {
    vendorId: 'GenuineIntel',
    modelName: 'Intel(R) Xeon(R) CPU E5-2673 v4 @ 2.30GHz',
    virtualization: 'VT-x',
    hypervisorVendor: 'Microsoft',
    virtualizationType: 'full',
    flagCount: 74,
    vmx: true,
    svm: false,
    hypervisor: true,
  },
  'intel-i5-10400f-baremetal-vtx-disabled-no-virtualization-line-wrapped.txt': {
    vendorId: 'GenuineIntel',
    modelName: 'Intel(R) Core(TM) i5-10400F CPU @ 2.90GHz',
    flagCount: 111,
    vmx: false,
    svm: false,
    hypervisor: false,
  },
}

describe('parseLscpu on the real lscpu fixtures', () => {
  it('covers every fixture in the folder', () => {
    expect(hostFixtureFiles('lscpu')).toEqual(Object.keys(cases).sort())
  })

  for (const [file, want] of Object.entries(cases)) {
    it(`reads ${file}`, () => {
      const facts = parseLscpu(hostFixture('lscpu', file))
      expect(facts.vendorId).toBe(want.vendorId)
      expect(facts.modelName).toBe(want.modelName)
      expect(facts.virtualization).toBe(want.virtualization)
      expect(facts.hypervisorVendor).toBe(want.hypervisorVendor)
      expect(facts.virtualizationType).toBe(want.virtualizationType)
      const flags = facts.flags ?? []
      expect(flags).toHaveLength(want.flagCount)
      expect(new Set(flags).size).toBe(flags.length)
      expect(flags.every((flag) => /^[a-z0-9_]+$/.test(flag))).toBe(true)
      expect(flags.includes('vmx')).toBe(want.vmx)
      expect(flags.includes('svm')).toBe(want.svm)
      expect(flags.includes('hypervisor')).toBe(want.hypervisor)
    })
  }

  it('joins flags that wrapped in the middle of a word (cx / 8, art / arch_perfmon)', () => {
    const flags =
      parseLscpu(
        hostFixture('lscpu', 'intel-i5-10400f-baremetal-vtx-disabled-no-virtualization-line-wrapped.txt'),
      ).flags ?? []
    for (const flag of [
      'cx8',
      'pat',
      'pse36',
      'sse',
      'sse2',
      'pdpe1gb',
      'art',
      'arch_perfmon',
      'nopl',
      'aperfmperf',
      'monitor',
      'fma',
      'sse4_2',
      'tsc_deadline_timer',
      'rdrand',
      'cpuid_fault',
      'stibp',
      'intel_pt',
      'xsaves',
      'hwp_epp',
      'arch_capabilities',
    ]) {
      expect(flags, flag).toContain(flag)
    }
  })

  it('puts back the space a paste trimmed at the end of a wrapped line (hypervisor / lahf_lm)', () => {
    const flags =
      parseLscpu(hostFixture('lscpu', 'aws-xeon8175m-kvm-guest-no-virtualization-line.txt')).flags ?? []
    expect(flags).toContain('hypervisor')
    expect(flags).toContain('lahf_lm')
    expect(flags).toContain('syscall')
    expect(flags).toContain('rdseed')
  })

  it('gives the same flags as the unwrapped /proc/cpuinfo line of the same CPU', () => {
    const fromLscpu = parseLscpu(
      hostFixture('lscpu', 'amd-ryzen7pro2700-hyperv-guest-nested-amd-v.txt'),
    ).flags
    const fromCpuinfo = parseCpuinfo(
      hostFixture('cpuinfo-flags', 'amd-ryzen7pro2700-hyperv-guest-svm-hypervisor.txt'),
    ).flags
    expect(fromLscpu).toEqual(fromCpuinfo)
  })

  it('reads wrapped vulnerability values and "VMX unsupported" in both layouts', () => {
    const i5 = parseLscpu(
      hostFixture('lscpu', 'intel-i5-10400f-baremetal-vtx-disabled-no-virtualization-line-wrapped.txt'),
    )
    expect(i5.itlbMultihit).toBe('KVM: Mitigation: VMX unsupported')
    expect(i5.entries.find((entry) => entry.key === 'Spectre v1')?.value).toBe(
      'Mitigation; usercopy/swapgs barriers and __user pointer sanitization',
    )
    expect(i5.entries.find((entry) => entry.key === 'Spectre v1')?.section).toBe('Vulnerabilities')
    const flat = parseLscpu(hostFixture('lscpu', 'amd-ryzen7pro2700-hyperv-guest-nested-amd-v.txt'))
    expect(flat.itlbMultihit).toBe('Not affected')
  })

  it('keeps the printed lines of an entry for evidence', () => {
    const facts = parseLscpu(hostFixture('lscpu', 'amd-ryzen5-surface-laptop-amd-v-wrapped.txt'))
    const virtualization = facts.entries.find((entry) => entry.key === 'Virtualization')
    expect(virtualization).toMatchObject({
      section: 'Virtualization features',
      lines: ['  Virtualization:        AMD-V'],
    })
    expect(facts.entries.find((entry) => entry.key === 'Flags')?.lines).toHaveLength(17)
  })

  it('gives nothing, without throwing, for empty or foreign text', () => {
    expect(parseLscpu('').entries).toEqual([])
    expect(parseLscpu('lscpu: failed to determine number of CPUs').vendorId).toBeUndefined()
  })
})
