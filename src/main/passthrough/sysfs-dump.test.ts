import { describe, expect, it } from 'vitest'
import { lastPciAddress, parseSysfsDump } from './sysfs-dump.js'

describe('the sysfs dump output', () => {
  it('parses devices, links by their last path part, DRM, disks and host facts', () => {
    const dump = parseSysfsDump(
      [
        '@cmdline BOOT_IMAGE=/vmlinuz root=/dev/sda1 intel_iommu=on',
        '@kernel 6.1.0-18-amd64',
        '@cpu vendor_id\t: GenuineIntel',
        '@pciids /usr/share/misc/pci.ids',
        '@iommu_groups',
        '@card card0 /sys/devices/pci0000:00/0000:00:02.0',
        '@connector card0-HDMI-A-1 connected',
        '@block nvme0n1 /sys/devices/pci0000:00/0000:00:1d.0/0000:05:00.0/nvme/nvme0',
        '@dev 0000:01:00.0',
        'class=0x030000',
        'driver=/sys/bus/pci/drivers/vfio-pci',
        'iommu_group=/sys/kernel/iommu_groups/12',
        '@dev not-an-address',
        'class=0x060400',
        '@end',
      ].join('\n'),
    )
    expect(dump.cpuVendorId).toBe('GenuineIntel')
    expect(dump.devices).toHaveLength(1)
    expect(Object.fromEntries(dump.devices[0]?.attrs ?? [])).toEqual({
      class: '0x030000',
      driver: 'vfio-pci',
      iommu_group: '12',
    })
    expect(dump.connectors).toEqual([{ name: 'card0-HDMI-A-1', status: 'connected' }])
    expect(lastPciAddress(dump.blocks.get('nvme0n1') ?? '')).toBe('0000:05:00.0')
  })
})
