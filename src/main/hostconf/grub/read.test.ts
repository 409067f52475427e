import { describe, expect, it } from 'vitest'
import { hostFixture, hostFixtureFiles } from '../../../../test/support/fixtures.js'
import { grubKernelParams, parseGrubDefaults } from './read.js'
import { findParam } from '../kernel-cmdline.js'

const names = (text: string): string[] =>
  grubKernelParams(parseGrubDefaults(text)).map((param) =>
    param.value === undefined ? param.name : `${param.name}=${param.value}`,
  )

describe('parseGrubDefaults on the real /etc/default/grub fixtures', () => {
  it('reads every fixture without throwing', () => {
    for (const file of hostFixtureFiles('grub'))
      expect(() => parseGrubDefaults(hostFixture('grub', file)), file).not.toThrow()
  })

  it('elementary OS: the live _DEFAULT line, not the commented-out one, and an empty GRUB_CMDLINE_LINUX', () => {
    const text = hostFixture('grub', 'elementary-amd-iommu-pt-etc-default-grub.txt')
    const defaults = parseGrubDefaults(text)
    expect(defaults.cmdlineLinux?.value).toBe('')
    expect(defaults.cmdlineLinuxDefault).toMatchObject({
      line: 10,
      value:
        'resume=UUID=b678410c-3de3-4c72-8a8f-675f0a12fcad iommu=1 amd_iommu=on iommu=pt transparent_hugepage=never',
    })
    expect(names(text)).not.toContain('usbcore.autosuspend=-1')
    // `iommu=` given twice: the kernel keeps the last.
    expect(findParam(grubKernelParams(defaults), 'iommu')?.value).toBe('pt')
    // Expansion of an earlier variable, and a command substitution left as written.
    expect(defaults.assignments.find((a) => a.name === 'GRUB_RECORDFAIL_TIMEOUT')?.value).toBe('1')
    expect(defaults.assignments.find((a) => a.name === 'GRUB_DISTRIBUTOR')).toMatchObject({
      hasCommandSubstitution: true,
    })
  })

  it('Proxmox: `#GRUB_CMDLINE_LINUX_DEFAULT="quiet"` is a comment; unquoted values', () => {
    const defaults = parseGrubDefaults(hostFixture('grub', 'proxmox-intel-iommu-etc-default-grub.txt'))
    expect(defaults.cmdlineLinuxDefault).toMatchObject({
      value: 'intel_iommu=on',
      line: 10,
      text: 'GRUB_CMDLINE_LINUX_DEFAULT="intel_iommu=on"',
    })
    expect(defaults.assignments.find((a) => a.name === 'GRUB_DEFAULT')?.value).toBe('0')
    expect(defaults.assignments.find((a) => a.name === 'GRUB_DISABLE_OS_PROBER')?.value).toBe('true')
  })

  it('Fedora: only GRUB_CMDLINE_LINUX, and a $(…) with quotes inside a double-quoted value', () => {
    const text = hostFixture('grub', 'fedora-rhgb-quiet-amdgpu-etc-default-grub.txt')
    const defaults = parseGrubDefaults(text)
    expect(defaults.cmdlineLinuxDefault).toBeUndefined()
    expect(names(text)).toEqual([
      'rhgb',
      'quiet',
      'radeon.cik_support=0',
      'amdgpu.cik_support=1',
      'ipv6.disable=1',
      'lockdown=confidentiality',
    ])
    expect(defaults.assignments.find((a) => a.name === 'GRUB_DISTRIBUTOR')).toMatchObject({
      value: "$(sed 's, release .*$,,g' /etc/system-release)",
      hasCommandSubstitution: true,
    })
    expect(defaults.assignments.find((a) => a.name === 'GRUB_ENABLE_BLSCFG')?.value).toBe('false')
  })

  it('a file that is one line with no final newline', () => {
    const text = hostFixture('grub', 'gpu-passthrough-cmdline-only-no-eol.txt')
    expect(text.endsWith('\n')).toBe(false)
    expect(names(text)).toEqual([
      'quiet',
      'intel_iommu=on',
      'iommu=pt',
      'multifunction',
      'nofb',
      'nomodeset',
      'initcall_blacklist=sysfb_init',
      'nox2apic',
    ])
  })

  it('`grep GRUB_CMDLINE` output with vfio-pci.ids', () => {
    const params = grubKernelParams(
      parseGrubDefaults(hostFixture('grub', 'ubuntu-quiet-splash-vfio-pci-ids-arc-a310-grep.txt')),
    )
    expect(findParam(params, 'vfio-pci.ids')?.value).toBe('8086:56a6,8086:4f92')
    expect(findParam(params, 'intel_iommu')?.value).toBe('on')
  })

  it('shell quoting: single quotes, escapes, appends of itself, multi-line values, trailing comments', () => {
    const text = [
      "GRUB_CMDLINE_LINUX='rd.lvm.lv=fedora/root $NOT_EXPANDED'",
      'GRUB_CMDLINE_LINUX_DEFAULT="quiet"',
      'GRUB_CMDLINE_LINUX_DEFAULT="${GRUB_CMDLINE_LINUX_DEFAULT} kvm-intel.nested=1 acpi_osi=\\"Windows 2020\\""  # appended',
      'export GRUB_TIMEOUT=5 # seconds',
      'GRUB_BADRAM="a',
      'b"',
      'GRUB_AFTER=after',
    ].join('\n')
    const defaults = parseGrubDefaults(text)
    expect(defaults.cmdlineLinux?.value).toBe('rd.lvm.lv=fedora/root $NOT_EXPANDED')
    expect(defaults.cmdlineLinuxDefault).toMatchObject({
      value: 'quiet kvm-intel.nested=1 acpi_osi="Windows 2020"',
      line: 3,
    })
    expect(defaults.assignments.map((a) => [a.name, a.value, a.line])).toEqual([
      ['GRUB_CMDLINE_LINUX', 'rd.lvm.lv=fedora/root $NOT_EXPANDED', 1],
      ['GRUB_CMDLINE_LINUX_DEFAULT', 'quiet', 2],
      ['GRUB_CMDLINE_LINUX_DEFAULT', 'quiet kvm-intel.nested=1 acpi_osi="Windows 2020"', 3],
      ['GRUB_TIMEOUT', '5', 4],
      ['GRUB_BADRAM', 'a\nb', 5],
      ['GRUB_AFTER', 'after', 7],
    ])
    expect(findParam(grubKernelParams(defaults), 'kvm_intel.nested')?.value).toBe('1')
    expect(findParam(grubKernelParams(defaults), 'acpi_osi')?.value).toBe('Windows 2020')
  })
})
