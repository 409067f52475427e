import { describe, expect, it } from 'vitest'
import { hostFixture, hostFixtureFiles } from '../../../../test/support/fixtures.js'
import { parseCpuinfo } from './cpuinfo.js'

describe('parseCpuinfo on the real cpuinfo fixtures', () => {
  const cases: Record<string, { vmx: boolean; svm: boolean; hypervisor: boolean; count: number }> = {
    'amd-epyc7281-host-svm-sev.txt': { vmx: false, svm: true, hypervisor: false, count: 115 },
    'amd-fx6350-host-svm-npt-spaces.txt': { vmx: false, svm: true, hypervisor: false, count: 88 },
    'amd-ryzen7pro2700-hyperv-guest-svm-hypervisor.txt': {
      vmx: false,
      svm: true,
      hypervisor: true,
      count: 92,
    },
    'fedora-kvm-guest-nested-vmx-grep.txt': { vmx: true, svm: false, hypervisor: true, count: 111 },
    'intel-i7-960-nehalem-host-vmx-ept.txt': { vmx: true, svm: false, hypervisor: false, count: 65 },
    'nutanix-kvm-guest-xeon-gold5120-no-vmx.txt': { vmx: false, svm: false, hypervisor: true, count: 85 },
  }

  it('covers every fixture in the folder', () => {
    expect(hostFixtureFiles('cpuinfo-flags')).toEqual(Object.keys(cases).sort())
  })

  for (const [file, want] of Object.entries(cases)) {
    it(`reads the flags of ${file} (tab- or space-padded key, grep output)`, () => {
      const facts = parseCpuinfo(hostFixture('cpuinfo-flags', file))
      const flags = facts.flags ?? []
      expect(flags).toHaveLength(want.count)
      expect(flags.includes('vmx')).toBe(want.vmx)
      expect(flags.includes('svm')).toBe(want.svm)
      expect(flags.includes('hypervisor')).toBe(want.hypervisor)
      expect(flags.every((flag) => /^[a-z0-9_]+$/.test(flag))).toBe(true)
      // A pasted flags line has no vendor or model: those stay unknown rather than guessed.
      expect(facts.vendorId).toBeUndefined()
      expect(facts.lines.flags).toMatch(/^flags\s+: fpu /)
    })
  }

  it('takes vendor, model and flags from the first processor of a whole /proc/cpuinfo', () => {
    const text = [
      'processor\t: 0',
      'vendor_id\t: AuthenticAMD',
      'model name\t: AMD EPYC',
      'flags\t\t: fpu svm hypervisor',
      '',
      'processor\t: 1',
      'vendor_id\t: AuthenticAMD',
      'model name\t: AMD EPYC',
      'flags\t\t: fpu',
      '',
    ].join('\n')
    const facts = parseCpuinfo(text)
    expect(facts).toMatchObject({
      vendorId: 'AuthenticAMD',
      modelName: 'AMD EPYC',
      flags: ['fpu', 'svm', 'hypervisor'],
      processors: 2,
    })
  })

  it('accepts `grep -H` output and CRLF line ends', () => {
    const facts = parseCpuinfo(
      '/proc/cpuinfo:vendor_id\t: GenuineIntel\r\n/proc/cpuinfo:flags\t\t: fpu vmx\r\n',
    )
    expect(facts.vendorId).toBe('GenuineIntel')
    expect(facts.flags).toEqual(['fpu', 'vmx'])
  })

  it('gives nothing, without throwing, for text that is not cpuinfo', () => {
    expect(parseCpuinfo('')).toEqual({ lines: {}, processors: 0 })
    expect(parseCpuinfo('garbage\n\0\n').flags).toBeUndefined()
  })
})
