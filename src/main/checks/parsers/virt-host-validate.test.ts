import { describe, expect, it } from 'vitest'
import { hostFixture, hostFixtureFiles } from '../../../../test/support/fixtures.js'
import { hardwareVirtualizationLine, parseVirtHostValidate } from './virt-host-validate.js'

describe('parseVirtHostValidate on the real virt-host-validate fixtures', () => {
  it('keeps every line of every fixture, each with a status', () => {
    for (const file of hostFixtureFiles('virt-host-validate')) {
      const text = hostFixture('virt-host-validate', file)
      const lines = parseVirtHostValidate(text)
      const printed = text.split('\n').filter((line) => line.trim() !== '')
      expect(
        lines.map((line) => line.raw),
        file,
      ).toEqual(printed)
      expect(
        lines.every((line) => line.status !== undefined),
        file,
      ).toBe(true)
    }
  })

  it('splits driver, check, status and the note after it', () => {
    const lines = parseVirtHostValidate(hostFixture('virt-host-validate', 'aws-ec2-hwvirt-fail.txt'))
    expect(lines[0]).toEqual({
      driver: 'QEMU',
      check: 'Checking for hardware virtualization',
      status: 'FAIL',
      note: 'Only emulated CPUs are available, performance will be significantly limited',
      raw: lines[0]?.raw,
    })
    expect(lines[1]).toMatchObject({
      driver: 'QEMU',
      check: 'Checking if device /dev/vhost-net exists',
      status: 'PASS',
    })
    expect(lines[1]?.note).toBeUndefined()
  })

  it('keeps a bare `WARN (…)` line whose label was lost, with the driver before it', () => {
    for (const file of ['aws-ec2-hwvirt-fail.txt', 'vmware-guest-hwvirt-fail-lxc.txt']) {
      const bare = parseVirtHostValidate(hostFixture('virt-host-validate', file)).find(
        (line) => line.check === undefined,
      )
      expect(bare, file).toEqual({
        driver: 'QEMU',
        status: 'WARN',
        note: 'Unknown if this platform has IOMMU support',
        raw: 'WARN (Unknown if this platform has IOMMU support)',
      })
    }
  })

  it('joins a status printed on the line after its label', () => {
    const lines = parseVirtHostValidate(
      '  QEMU: Checking for device assignment IOMMU support : \nWARN (No ACPI DMAR table found)\n',
    )
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatchObject({
      driver: 'QEMU',
      check: 'Checking for device assignment IOMMU support',
      status: 'WARN',
      note: 'No ACPI DMAR table found',
    })
  })

  it('reads LXC lines, notes with quotes and parentheses, and the old WARN for hardware virtualization', () => {
    const amd = parseVirtHostValidate(hostFixture('virt-host-validate', 'amd-ivrs-warn-lxc-fuse-fail.txt'))
    expect(amd.at(-1)).toMatchObject({
      driver: 'LXC',
      check: 'Checking if device /sys/fs/fuse/connections exists',
      status: 'FAIL',
      note: "Load the 'fuse' module to enable /proc/ overrides",
    })
    expect(amd.filter((line) => line.driver === 'LXC')).toHaveLength(20)
    const old = parseVirtHostValidate(
      hostFixture('virt-host-validate', 'old-hwvirt-warn-emulated-net_cls.txt'),
    )
    expect(hardwareVirtualizationLine(old)).toMatchObject({
      status: 'WARN',
      note: 'Only emulated CPUs are available, performance will be significantly limited',
    })
  })

  it('counts the statuses of a whole report', () => {
    const lines = parseVirtHostValidate(
      hostFixture('virt-host-validate', 'amd-laptop-iommu-ok-lxc-cgroup2-fail.txt'),
    )
    const count = (status: string): number => lines.filter((line) => line.status === status).length
    expect([count('PASS'), count('WARN'), count('FAIL')]).toEqual([25, 2, 2])
    expect(hardwareVirtualizationLine(lines)?.status).toBe('PASS')
  })

  it('keeps unrecognised lines as they are', () => {
    expect(parseVirtHostValidate('virt-host-validate: unknown driver foo\n')).toEqual([
      { raw: 'virt-host-validate: unknown driver foo' },
    ])
  })
})
