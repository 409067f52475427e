import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { recognizeLaunchLog } from './launch-log.js'

/** Real lines from public reports (test/fixtures/passthrough-logs/SOURCES.md names each source). */
const dir = join(__dirname, '../../../test/fixtures/passthrough-logs')
const log = (name: string): string => readFileSync(join(dir, name), 'utf8')

describe('recognising vfio failures in real QEMU and kernel lines', () => {
  it.each([
    ['group-not-viable.log', 'group-not-viable', /IOMMU group 1 of 0000:01:00\.0 is not viable/],
    ['group-not-viable-2018.log', 'group-not-viable', /IOMMU group 1 of 0000:01:00\.0 is not viable/],
    ['group-ioctl.log', 'group-not-viable', /IOMMU group 0 of 00000000-0000-0000-0000-000000000000/],
    [
      'container-setup.log',
      'container-setup',
      /group 11 .*Failed to set iommu for container: Input\/output error/,
    ],
    ['no-vfio-device-node.log', 'no-vfio-node', /\/dev\/vfio\/1 does not exist/],
    ['reset-failed.log', 'reset-failed', /could not reset 0000:00:1f\.3 \(no available reset mechanism\)/],
    ['bar-reserve.log', 'bar-reserve', /BAR 3 of 0000:01:00\.0: the host framebuffer/],
    ['dma-map.log', 'dma-map', /VFIO_MAP_DMA: Invalid argument/],
    ['hugepages-nomem.log', 'hugepages-memory', /not enough are reserved/],
    ['libvirt-no-vfio.log', 'no-vfio-host', /libvirt finds no VFIO on this host/],
    ['backing-store-denied.log', 'backing-store-denied', /\/dev\/hugepages\/libvirt\/qemu\/2-avocado-vt-vm1/],
  ])('%s → %s', (file, id, what) => {
    const problems = recognizeLaunchLog(log(file))
    expect(problems.map((p) => p.id)).toEqual([id])
    expect(problems[0]?.what).toMatch(what)
    expect(problems[0]?.todo.length).toBeGreaterThan(20)
    expect(log(file)).toContain(problems[0]?.line ?? '\0')
  })

  it('a clean start says nothing; several failures are listed once each, in order', () => {
    expect(
      recognizeLaunchLog(
        '2026-12-06 22:00:00.000+0000: starting up libvirt version: 9.0.0\nLC_ALL=C /usr/bin/qemu-system-x86_64 -name guest=win\n',
      ),
    ).toEqual([])
    const both = recognizeLaunchLog(
      log('reset-failed.log') + log('group-not-viable.log') + log('group-not-viable.log'),
    )
    expect(both.map((p) => p.id)).toEqual(['reset-failed', 'group-not-viable'])
  })
})
