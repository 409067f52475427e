import type { XmlElement } from '../../libvirt/xml/index.js'
import { attr, child, insertChild } from '../../libvirt/xml/index.js'
import type { DiskInfo } from './domain.js'

/** The disk's `<driver>`, created as libvirt writes it (first child, name='qemu') when there is none. */
export function diskDriver(d: DiskInfo): XmlElement {
  return child(d.el, 'driver') ?? insertChild(d.el, 0, 'driver', { name: 'qemu' })
}

export function driverAttr(d: DiskInfo, name: string): string | undefined {
  return d.driver === undefined ? undefined : attr(d.driver, name)
}

/** Local storage QEMU opens itself: files and block devices (not network, volume or NVMe disks). */
export function isLocal(d: DiskInfo): boolean {
  return d.type === 'file' || d.type === 'block'
}

/** Raw files and block devices: where io='native' pays. */
export function isRawOrBlock(d: DiskInfo): boolean {
  return d.type === 'block' || (d.type === 'file' && (d.format ?? 'raw') === 'raw')
}
