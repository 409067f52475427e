import { AppError } from '@shared/errors.js'
import type { HwEdit } from '@shared/vm-hardware.js'
import { parseKeyValues } from '../libvirt/virsh-parse.js'
import { resolveDisk } from './disks-host.js'
import type { EditContext } from './edit.js'
import type { HwConnection } from './host-facts.js'
import { freshMac, hostDevices, hostFacts, hostMacs, pathExists } from './host-facts.js'
import { readHardware } from './read.js'

/** Side effects of an edit outside the definition: a volume created first, or deleted after. */
export interface EditSideEffects {
  createVolume?: { pool: string; name: string; capacityBytes: number; format: 'qcow2' | 'raw' }
  /** The volume to delete after the change: a path (file or block), or `pool/volume`. */
  deleteVolume?: { label: string; args: string[] }
}

/** A warning (not a refusal, as virt-manager does) when a VM asks for more than the host has. */
async function beyondHost(
  conn: HwConnection,
  edit: Extract<HwEdit, { kind: 'memory' | 'vcpus' }>,
): Promise<string[]> {
  const info = parseKeyValues(await conn.read(['nodeinfo']).catch(() => ''))
  if (edit.kind === 'memory') {
    const hostMiB = Math.floor(Number((info.get('Memory size') ?? '').replace(/\D+$/, '').trim()) / 1024)
    return Number.isFinite(hostMiB) && hostMiB > 0 && edit.maxMiB > hostMiB
      ? [
          `${edit.maxMiB} MiB is more than the ${hostMiB} MiB this host has: the guest will swap or be killed when it uses it.`,
        ]
      : []
  }
  const cpus = Number(info.get('CPU(s)'))
  return Number.isFinite(cpus) && cpus > 0 && edit.max > cpus
    ? [
        `${edit.max} vCPUs is more than the ${cpus} CPUs of this host: they share them, which slows every vCPU down.`,
      ]
    : []
}

/**
 * What an edit needs from the host before the XML is touched: the new disk's source, a MAC unused
 * on the host, that a path or folder exists, whether swtpm/virtiofsd are there, that a PCI device is
 * not a GPU. Refusals are in words and name the field; warnings become notes. Fills `ctx`.
 */
export async function prepareEdit(
  conn: HwConnection,
  xml: string,
  edit: HwEdit,
  ctx: EditContext,
): Promise<{ side: EditSideEffects; notes: string[] }> {
  const side: EditSideEffects = {}
  const notes: string[] = []
  if (edit.kind === 'disk.add') {
    const resolved = await resolveDisk(conn, edit.source)
    ctx.disk = resolved.disk
    if (resolved.create !== undefined) side.createVolume = resolved.create
    notes.push(...resolved.notes)
  }
  if (edit.kind === 'disk.remove' && edit.deleteVolume) {
    const disk = readHardware(xml).disks.find((d) => d.target === edit.target)
    if (disk?.source === undefined || disk.type === 'network')
      throw new AppError('INVALID_INPUT', `Disk ${edit.target} has no volume VirtDeck can delete.`, {
        detail: 'Remove it and keep the volume instead.',
      })
    const [poolName = '', ...rest] = disk.source.split('/')
    side.deleteVolume =
      disk.type === 'volume'
        ? { label: disk.source, args: ['vol-delete', '--pool', poolName, '--vol', rest.join('/')] }
        : { label: disk.source, args: ['vol-delete', '--vol', disk.source] }
  }
  if (edit.kind === 'nic.add' || (edit.kind === 'nic.update' && edit.newMac !== undefined)) {
    const used = await hostMacs(conn)
    const wanted = edit.kind === 'nic.add' ? edit.mac : edit.newMac
    if (wanted !== undefined && used.has(wanted.toLowerCase()))
      throw new AppError(
        'INVALID_INPUT',
        `MAC ${wanted.toLowerCase()} is already used by a VM on ${conn.where}.`,
        {
          detail:
            'Two cards with one MAC on a network confuse both guests. Leave the field empty for a fresh one.',
          data: { field: 'mac' },
        },
      )
    if (edit.kind === 'nic.add' && edit.mac === undefined) ctx.newMac = freshMac(used)
  }
  if (edit.kind === 'cdrom.media' && edit.path !== null && !(await pathExists(conn, edit.path)))
    throw new AppError('INVALID_INPUT', `There is no file ${edit.path} on ${conn.where}.`, {
      detail: 'Choose an ISO image from a storage pool, or give the full path of one on the host.',
      data: { field: 'path' },
    })
  if (edit.kind === 'cdrom.add' && edit.path !== undefined && !(await pathExists(conn, edit.path)))
    throw new AppError('INVALID_INPUT', `There is no file ${edit.path} on ${conn.where}.`, {
      data: { field: 'path' },
    })
  if (edit.kind === 'fs.add' && !(await pathExists(conn, edit.source, true)))
    throw new AppError('INVALID_INPUT', `There is no folder ${edit.source} on ${conn.where}.`, {
      detail: 'Create it first, or choose an existing folder.',
      data: { field: 'source' },
    })
  if (edit.kind === 'tpm' || edit.kind === 'fs.add') {
    const host = await hostFacts(conn)
    ctx.swtpm = host.swtpm
    ctx.virtiofsd = host.virtiofsd !== undefined
  }
  if (edit.kind === 'hostdev.add' && edit.device.kind === 'pci') {
    const gpu = (await hostDevices(conn)).find(
      (d) => d.kind === 'pci' && d.id === edit.device.id.toLowerCase(),
    )
    if (gpu === undefined)
      throw new AppError('NOT_FOUND', `${conn.where} has no PCI device ${edit.device.id}.`, {
        detail: 'Choose one from the list of host devices.',
      })
    if (gpu.gpu)
      throw new AppError(
        'UNSUPPORTED',
        `${edit.device.id} is a graphics card: it goes through the GPU passthrough flow.`,
        {
          detail:
            'Open Passthrough: it checks the IOMMU group, binds the card to vfio-pci at boot and adds it with its audio function.',
        },
      )
  }
  if (edit.kind === 'memory' || edit.kind === 'vcpus') notes.push(...(await beyondHost(conn, edit)))
  return { side, notes }
}
