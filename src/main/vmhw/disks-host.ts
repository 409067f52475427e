import { AppError } from '@shared/errors.js'
import type { HwEdit, HwResizeResult } from '@shared/vm-hardware.js'
import { parseKeyValues } from '../libvirt/virsh-parse.js'
import { attr, find, parseXml, root, text } from '../libvirt/xml/index.js'
import type { ResolvedDisk } from './edit-disks.js'
import type { HwConnection } from './host-facts.js'
import { pathExists } from './host-facts.js'
import { readHardware } from './read.js'

type DiskSource = Extract<HwEdit, { kind: 'disk.add' }>['source']

const GIB = 1024 ** 3
const FILE_POOLS = new Set(['dir', 'fs', 'netfs'])

interface PoolFacts {
  type: string
  path: string
  active: boolean
  availableBytes?: number
}

async function pool(conn: HwConnection, name: string): Promise<PoolFacts> {
  const { outputs, errors } = await conn.readBatch([
    ['pool-dumpxml', '--pool', name],
    ['pool-info', '--bytes', '--pool', name],
  ])
  const xml = outputs[0] ?? ''
  if (xml.trim() === '')
    throw new AppError('NOT_FOUND', `There is no storage pool “${name}” on ${conn.where}.`, {
      detail: errors.join('\n') || 'Choose one of the listed pools.',
      data: { field: 'pool' },
    })
  const el = root(parseXml(xml))
  const info = parseKeyValues(outputs[1] ?? '')
  const facts: PoolFacts = {
    type: attr(el, 'type') ?? '',
    path: text(find(el, 'target/path') ?? el)?.trim() ?? '',
    active: info.get('State') === 'running',
  }
  const available = Number(info.get('Available'))
  if (Number.isFinite(available) && info.has('Available')) facts.availableBytes = available
  return facts
}

function diskFor(
  poolName: string,
  facts: PoolFacts,
  volume: string,
  path: string,
  format: string,
): ResolvedDisk {
  if (FILE_POOLS.has(facts.type)) return { type: 'file', path, format }
  if (facts.type === 'logical' || facts.type === 'disk') return { type: 'block', path, format }
  return { type: 'volume', pool: poolName, volume, format }
}

/** Where a disk to add lives: a new volume (created at apply), an existing volume, or a file path. */
export async function resolveDisk(
  conn: HwConnection,
  source: DiskSource,
): Promise<{
  disk: ResolvedDisk
  create?: { pool: string; name: string; capacityBytes: number; format: 'qcow2' | 'raw' }
  notes: string[]
}> {
  if (source.type === 'file') {
    if (!(await pathExists(conn, source.path)))
      throw new AppError('INVALID_INPUT', `There is no file ${source.path} on ${conn.where}.`, {
        detail: 'Give the full path of an existing disk image, or create a new volume in a pool.',
        data: { field: 'path' },
      })
    const notes =
      source.format === 'raw' && /\.qcow2$/i.test(source.path)
        ? [
            `${source.path} is named .qcow2 but is added as raw: the guest would see qcow2's own layout. Choose qcow2 if it is one.`,
          ]
        : []
    return {
      disk: {
        type: source.path.startsWith('/dev/') ? 'block' : 'file',
        path: source.path,
        format: source.format,
      },
      notes,
    }
  }
  const facts = await pool(conn, source.pool)
  if (!facts.active)
    throw new AppError('CONFLICT', `The storage pool “${source.pool}” is not active.`, {
      detail: 'Start it in Storage first.',
      data: { field: 'pool' },
    })
  if (source.type === 'volume') {
    const xml = await conn
      .read(['vol-dumpxml', '--pool', source.pool, '--vol', source.volume])
      .catch(() => '')
    if (xml.trim() === '')
      throw new AppError('NOT_FOUND', `There is no volume “${source.volume}” in ${source.pool}.`, {
        data: { field: 'volume' },
      })
    const vol = root(parseXml(xml))
    const path = text(find(vol, 'target/path') ?? vol)?.trim() ?? ''
    const format = attr(find(vol, 'target/format') ?? vol, 'type') ?? 'raw'
    return { disk: diskFor(source.pool, facts, source.volume, path, format), notes: [] }
  }
  if (source.name.includes('/'))
    throw new AppError('INVALID_INPUT', 'A volume name cannot contain “/”.', { data: { field: 'name' } })
  if (!FILE_POOLS.has(facts.type))
    throw new AppError(
      'UNSUPPORTED',
      `VirtDeck creates new disks in directory pools; “${source.pool}” is a ${facts.type} pool.`,
      {
        detail: 'Create the volume in Storage, then add it as an existing volume.',
        data: { field: 'pool' },
      },
    )
  const exists = await conn.read(['vol-info', '--pool', source.pool, '--vol', source.name]).then(
    () => true,
    () => false,
  )
  if (exists)
    throw new AppError('CONFLICT', `A volume named “${source.name}” already exists in ${source.pool}.`, {
      detail: 'Choose another name, or add it as an existing volume.',
      data: { field: 'name' },
    })
  const capacityBytes = Math.round(source.sizeGiB * GIB)
  const notes = [
    `A new ${source.format} volume ${source.name} (${source.sizeGiB} GiB) is created in ${source.pool} first; undo removes the disk from the VM but keeps the volume (delete it in Storage).`,
  ]
  if (facts.availableBytes !== undefined && capacityBytes > facts.availableBytes)
    notes.push(
      `${source.sizeGiB} GiB is more than the ${(facts.availableBytes / GIB).toFixed(1)} GiB free in ${source.pool}: ${source.format === 'qcow2' ? 'qcow2 grows as the guest writes, so it fits until the guest fills it' : 'a raw file is sparse, but the guest will run out of space before it is full'}.`,
    )
  return {
    disk: diskFor(
      source.pool,
      facts,
      source.name,
      `${facts.path.replace(/\/+$/, '')}/${source.name}`,
      source.format,
    ),
    create: { pool: source.pool, name: source.name, capacityBytes, format: source.format },
    notes,
  }
}

/**
 * Grows a disk: `blockresize` while the VM runs (the guest sees the new size at once), else
 * `vol-resize` on its volume. Never shrinks (that loses data). Not a change of the definition, so
 * not undoable; the dialog says so.
 */
export async function resizeDisk(
  conn: HwConnection,
  vm: { uuid: string; xml: string; running: boolean },
  target: string,
  sizeGiB: number,
): Promise<HwResizeResult> {
  const disk = readHardware(vm.xml).disks.find((d) => d.target === target)
  if (disk === undefined || disk.device !== 'disk')
    throw new AppError('NOT_FOUND', `There is no disk ${target} to resize.`, {
      detail: 'Read the hardware again.',
    })
  if (disk.source === undefined || disk.type === 'network')
    throw new AppError('UNSUPPORTED', `Disk ${target} is not a file or volume VirtDeck can resize.`)
  const toBytes = Math.round(sizeGiB * GIB)
  const info = vm.running
    ? await conn.read(['domblkinfo', '--domain', vm.uuid, '--device', target])
    : await conn
        .read(
          disk.type === 'volume'
            ? [
                'vol-info',
                '--bytes',
                '--pool',
                disk.source.split('/')[0] ?? '',
                '--vol',
                disk.source.split('/').slice(1).join('/'),
              ]
            : ['vol-info', '--bytes', '--vol', disk.source],
        )
        .catch((error: unknown) => {
          throw new AppError(
            'UNSUPPORTED',
            `${disk.source ?? target} is not in a storage pool, so libvirt cannot resize it while the VM is off.`,
            {
              detail:
                `Start the VM and resize it then (blockresize), or run qemu-img resize on the host. ${error instanceof Error ? error.message : ''}`.trim(),
            },
          )
        })
  const values = parseKeyValues(info)
  const fromBytes = Number((values.get('Capacity') ?? '0').replace(/\s.*$/, ''))
  if (toBytes <= fromBytes)
    throw new AppError(
      'INVALID_INPUT',
      `Disk ${target} is ${(fromBytes / GIB).toFixed(2)} GiB; ${sizeGiB} GiB would shrink it.`,
      {
        detail:
          'Shrinking loses whatever the guest stored at the end of the disk: VirtDeck only grows disks.',
        data: { field: 'sizeGiB' },
      },
    )
  if (vm.running)
    await conn.run(['blockresize', '--domain', vm.uuid, '--path', target, '--size', `${toBytes}B`])
  else if (disk.type === 'volume')
    await conn.run([
      'vol-resize',
      '--pool',
      disk.source.split('/')[0] ?? '',
      '--vol',
      disk.source.split('/').slice(1).join('/'),
      '--capacity',
      `${toBytes}B`,
    ])
  else await conn.run(['vol-resize', '--vol', disk.source, '--capacity', `${toBytes}B`])
  return { target, fromBytes, toBytes, live: vm.running }
}
