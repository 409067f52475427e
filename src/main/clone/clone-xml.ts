import { randomBytes, randomUUID } from 'node:crypto'
import { AppError } from '@shared/errors.js'
import {
  attr,
  buildXml,
  child,
  children,
  ensureChild,
  findAll,
  parseXml,
  removeChild,
  root,
  setAttr,
  setText,
  text,
} from '../libvirt/xml/index.js'
import type { XmlElement } from '../libvirt/xml/index.js'

/**
 * The clone's definition, edited from the original's through the lossless XML editor: everything
 * the original has, except its identity (name, UUID, MACs, NVRAM file) and the disks' files.
 */

export interface CloneDiskSource {
  target: string
  device: string
  sourceType: string
  readonly: boolean
  path?: string
  format?: string
}

/** Every disk of the definition, as the clone sees it. */
export function cloneDisks(xml: string): CloneDiskSource[] {
  return findAll(root(parseXml(xml)), 'devices/disk').map((disk) => {
    const source = child(disk, 'source')
    const driver = child(disk, 'driver')
    const target = child(disk, 'target')
    const path = source === undefined ? undefined : (attr(source, 'file') ?? attr(source, 'dev'))
    const format = driver === undefined ? undefined : attr(driver, 'type')
    return {
      target: (target === undefined ? undefined : attr(target, 'dev')) ?? '?',
      device: attr(disk, 'device') ?? 'disk',
      sourceType: attr(disk, 'type') ?? 'file',
      readonly: child(disk, 'readonly') !== undefined,
      ...(path === undefined ? {} : { path }),
      ...(format === undefined ? {} : { format }),
    }
  })
}

/** The disks a clone gets its own copy of: writable disks with a source. */
export function ownDisks(disks: readonly CloneDiskSource[]): CloneDiskSource[] {
  return disks.filter(
    (d) => !d.readonly && d.path !== undefined && d.device !== 'cdrom' && d.device !== 'floppy',
  )
}

/** A random locally administered MAC in QEMU's 52:54:00 range, as libvirt makes them. */
export function randomMac(): string {
  return ['52', '54', '00', ...[...randomBytes(3)].map((b) => b.toString(16).padStart(2, '0'))].join(':')
}

export interface CloneIdentity {
  name: string
  uuid?: string
  /** target → the clone's file and its format. */
  disks: ReadonlyMap<string, { path: string; format: string }>
  newMac?: () => string
}

export interface ClonedXml {
  xml: string
  uuid: string
  macs: string[]
}

function setLeaf(domain: XmlElement, name: string, value: string): void {
  setText(ensureChild(domain, name), value)
}

export function cloneXml(originalXml: string, identity: CloneIdentity): ClonedXml {
  const doc = parseXml(originalXml)
  const domain = root(doc)
  if (domain.name !== 'domain')
    throw new AppError('INVALID_INPUT', `This is a <${domain.name}> document, not a domain definition`)
  const uuid = identity.uuid ?? randomUUID()
  setLeaf(domain, 'name', identity.name)
  setLeaf(domain, 'uuid', uuid)
  // A title names the original in lists; the clone would look like it.
  const title = child(domain, 'title')
  if (title !== undefined) removeChild(domain, title)
  const macs: string[] = []
  for (const mac of findAll(domain, 'devices/interface/mac')) {
    const value = (identity.newMac ?? randomMac)()
    setAttr(mac, 'address', value)
    macs.push(value)
  }
  // The NVRAM file is the original's: without a path libvirt makes the clone a fresh one from the template.
  const nvram = child(child(domain, 'os') ?? domain, 'nvram')
  if (nvram !== undefined && text(nvram) !== undefined) setText(nvram, '')
  for (const disk of findAll(domain, 'devices/disk')) {
    const target = child(disk, 'target')
    const own = identity.disks.get((target === undefined ? undefined : attr(target, 'dev')) ?? '')
    if (own === undefined) continue
    const source = ensureChild(disk, 'source')
    source.attributes = source.attributes.filter((a) => a.name !== 'dev')
    setAttr(source, 'file', own.path)
    setAttr(disk, 'type', 'file')
    setAttr(ensureChild(disk, 'driver', { name: 'qemu' }), 'type', own.format)
    for (const backing of children(disk, 'backingStore')) removeChild(disk, backing)
  }
  return { xml: buildXml(doc), uuid, macs }
}
