import type { HwEdit } from '@shared/vm-hardware.js'
import { attr, child, children, insertChild, removeAttr, removeChild, setAttr } from '../libvirt/xml/index.js'
import type { XmlElement } from '../libvirt/xml/index.js'
import type { EditOutcome } from './dom.js'
import { deviceXml, el, findDisk, insertDevice, invalid, mustFind, nextTarget, removeDevice } from './dom.js'
import type { EditContext } from './edit.js'

type DiskEdit = Extract<
  HwEdit,
  { kind: 'disk.add' | 'disk.remove' | 'disk.update' | 'cdrom.add' | 'cdrom.media' }
>

/** Where a new disk's data is, as resolved by the service (a pool volume becomes its file or device path). */
export type ResolvedDisk =
  | { type: 'file' | 'block'; path: string; format: string }
  | { type: 'volume'; pool: string; volume: string; format: string }

const HOTPLUG_BUSES = new Set(['virtio', 'scsi'])

function sourceOf(disk: ResolvedDisk): XmlElement {
  if (disk.type === 'volume') return el('source', { pool: disk.pool, volume: disk.volume })
  return el('source', disk.type === 'file' ? { file: disk.path } : { dev: disk.path })
}

function driver(format: string, cache: string): XmlElement {
  return el('driver', { name: 'qemu', type: format, ...(cache === 'default' ? {} : { cache }) })
}

function label(disk: XmlElement): string {
  return attr(disk, 'device') === 'cdrom' ? 'CD-ROM' : 'Disk'
}

function addDisk(
  devices: XmlElement,
  edit: Extract<DiskEdit, { kind: 'disk.add' }>,
  ctx: EditContext,
): EditOutcome {
  const disk = ctx.disk
  if (disk === undefined) throw invalid('The new disk has no source.')
  const dev = nextTarget(devices, edit.bus)
  const element = el('disk', { type: disk.type, device: 'disk' }, [
    driver(disk.format, edit.cache),
    sourceOf(disk),
    el('target', { dev, bus: edit.bus }),
  ])
  insertDevice(devices, element, ['disk'])
  const hot = HOTPLUG_BUSES.has(edit.bus)
  return {
    summary: `Add disk ${dev} (${edit.bus}) from ${disk.type === 'volume' ? `${disk.pool}/${disk.volume}` : disk.path}`,
    live:
      ctx.running && hot
        ? [
            {
              what: `Attach ${dev} to the running VM`,
              args: ['attach-device', '--domain', ctx.uuid, '--file', '{file}', '--live'],
              device: deviceXml(element),
            },
          ]
        : [],
    restartNeeded:
      ctx.running && !hot ? [`Disk ${dev}: a ${edit.bus} disk cannot be plugged into a running VM`] : [],
    notes: [],
  }
}

function removeDisk(
  devices: XmlElement,
  edit: Extract<DiskEdit, { kind: 'disk.remove' }>,
  ctx: EditContext,
): EditOutcome {
  const disk = mustFind(
    findDisk(devices, edit.target),
    `disk ${edit.target}`,
    ctx,
    'It may have been removed meanwhile; read the hardware again.',
  )
  const bus = attr(child(disk, 'target') ?? disk, 'bus') ?? ''
  removeDevice(devices, disk)
  const hot = HOTPLUG_BUSES.has(bus) && attr(disk, 'device') !== 'cdrom'
  return {
    summary: `Remove ${label(disk).toLowerCase()} ${edit.target}${edit.deleteVolume ? ' and delete its volume' : ''}`,
    live:
      ctx.running && hot
        ? [
            {
              what: `Detach ${edit.target} from the running VM`,
              args: ['detach-disk', '--domain', ctx.uuid, '--target', edit.target, '--live'],
            },
          ]
        : [],
    restartNeeded:
      ctx.running && !hot ? [`${label(disk)} ${edit.target} stays until the VM is shut down`] : [],
    notes: edit.deleteVolume
      ? [
          'The volume is deleted after the definition is saved; undo puts the disk back in the definition, not its data.',
        ]
      : ['The volume is kept; undo puts the disk back.'],
  }
}

function updateDisk(
  devices: XmlElement,
  edit: Extract<DiskEdit, { kind: 'disk.update' }>,
  ctx: EditContext,
): EditOutcome {
  const disk = mustFind(findDisk(devices, edit.target), `disk ${edit.target}`, ctx)
  const said: string[] = []
  let target = edit.target
  if (edit.cache !== undefined) {
    const d = child(disk, 'driver') ?? insertChild(disk, 0, el('driver', { name: 'qemu' }))
    if (edit.cache === 'default') removeAttr(d, 'cache')
    else setAttr(d, 'cache', edit.cache)
    said.push(`cache ${edit.cache}`)
  }
  const t = child(disk, 'target')
  if (edit.bus !== undefined && t !== undefined && attr(t, 'bus') !== edit.bus) {
    if (attr(disk, 'device') === 'cdrom' && edit.bus === 'virtio')
      throw invalid('A CD-ROM drive cannot be on the virtio bus; choose SATA or SCSI.')
    // The guest name follows the bus (vdX for virtio, sdX for SATA/SCSI); the old bus address goes.
    const fresh = nextTarget(devices, edit.bus)
    if (fresh.slice(0, 2) !== edit.target.slice(0, 2)) target = fresh
    setAttr(t, 'dev', target)
    setAttr(t, 'bus', edit.bus)
    const address = child(disk, 'address')
    if (address !== undefined) removeChild(disk, address)
    said.push(`bus ${edit.bus} (now ${target})`)
  }
  if (said.length === 0) throw invalid('Nothing to change: choose another bus or cache mode.')
  return {
    summary: `Disk ${edit.target}: ${said.join(', ')}`,
    live: [],
    restartNeeded: ctx.running ? [`Disk ${edit.target}: ${said.join(', ')}`] : [],
    notes:
      target === edit.target
        ? []
        : [`The guest sees the disk as ${target} after the change; mounts by UUID or label keep working.`],
  }
}

function addCdrom(
  devices: XmlElement,
  edit: Extract<DiskEdit, { kind: 'cdrom.add' }>,
  ctx: EditContext,
): EditOutcome {
  const dev = nextTarget(devices, edit.bus)
  const element = el('disk', { type: 'file', device: 'cdrom' }, [
    el('driver', { name: 'qemu', type: 'raw' }),
    ...(edit.path === undefined ? [] : [el('source', { file: edit.path })]),
    el('target', { dev, bus: edit.bus }),
    el('readonly'),
  ])
  insertDevice(devices, element, ['disk'])
  return {
    summary: `Add CD-ROM drive ${dev} (${edit.bus})${edit.path === undefined ? '' : ` with ${edit.path}`}`,
    live: [],
    restartNeeded: ctx.running ? [`CD-ROM drive ${dev}: drives cannot be plugged into a running VM`] : [],
    notes: [],
  }
}

function media(
  devices: XmlElement,
  edit: Extract<DiskEdit, { kind: 'cdrom.media' }>,
  ctx: EditContext,
): EditOutcome {
  const drive = findDisk(devices, edit.target)
  const disk = mustFind(
    drive !== undefined && attr(drive, 'device') === 'cdrom' ? drive : undefined,
    `CD-ROM drive ${edit.target}`,
    ctx,
  )
  const source = child(disk, 'source')
  if (edit.path === null) {
    if (source === undefined) throw invalid(`The drive ${edit.target} is already empty.`)
    removeChild(disk, source)
  } else {
    setAttr(disk, 'type', 'file')
    if (source === undefined) {
      // libvirt's order: driver, source, target.
      const i = children(disk).findIndex((c) => c.name === 'target')
      insertChild(disk, i === -1 ? Number.MAX_SAFE_INTEGER : i, el('source', { file: edit.path }))
    } else {
      for (const a of ['file', 'dev', 'pool', 'volume', 'protocol', 'name']) removeAttr(source, a)
      setAttr(source, 'file', edit.path)
    }
  }
  const args =
    edit.path === null
      ? ['change-media', '--domain', ctx.uuid, '--path', edit.target, '--eject', '--live']
      : [
          'change-media',
          '--domain',
          ctx.uuid,
          '--path',
          edit.target,
          '--source',
          edit.path,
          '--update',
          '--live',
        ]
  return {
    summary:
      edit.path === null ? `Eject the disc from ${edit.target}` : `Insert ${edit.path} in ${edit.target}`,
    live: ctx.running
      ? [
          {
            what: edit.path === null ? `Eject ${edit.target} now` : `Insert the disc in ${edit.target} now`,
            args,
          },
        ]
      : [],
    restartNeeded: [],
    notes: [],
  }
}

export function editDisks(devices: XmlElement, edit: DiskEdit, ctx: EditContext): EditOutcome {
  switch (edit.kind) {
    case 'disk.add':
      return addDisk(devices, edit, ctx)
    case 'disk.remove':
      return removeDisk(devices, edit, ctx)
    case 'disk.update':
      return updateDisk(devices, edit, ctx)
    case 'cdrom.add':
      return addCdrom(devices, edit, ctx)
    case 'cdrom.media':
      return media(devices, edit, ctx)
  }
}
