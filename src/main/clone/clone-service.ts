import { AppError } from '@shared/errors.js'
import type { ClonedDisk, CloneMode, VmCloneResult } from '@shared/vm-clone.js'
import type { CallContext } from '../ipc/router.js'
import { domainNotFound, refLabel } from '../libvirt/domain-ref.js'
import { SECURITY_INFO_FLAG } from '../libvirt/graphics-secrets.js'
import type { LibvirtConnection } from '../libvirt/libvirt-connection.js'
import { readDomainXml } from '../libvirt/domain-xml-read.js'
import { stateFromText } from '../libvirt/virsh-parse.js'
import type { LibvirtConnections } from '../vms/libvirt-connections.js'
import type { VmRef } from '../vms/vm-service.js'
import { cloneDisks, cloneXml, ownDisks } from './clone-xml.js'
import { copyDisk } from './disk-copy.js'

/** A file name from the clone's name: what is not plainly safe in a file name becomes "_". */
export function fileStem(name: string): string {
  return name.replace(/[^A-Za-z0-9._+-]/g, '_').replace(/^[.-]/, '_')
}

function dirOf(path: string): string {
  const at = path.lastIndexOf('/')
  return at <= 0 ? '/' : path.slice(0, at)
}

/**
 * Cloning a shut-off VM: plan the clone's files beside the original's, refuse what would clash,
 * copy (or link) each disk with progress and cancel, then define the clone through the lossless XML
 * editor. A cancel or failure removes every file it wrote; nothing is defined until all disks are there.
 */
export class CloneService {
  constructor(private readonly options: { connections: LibvirtConnections }) {}

  async clone(vm: VmRef, name: string, mode: CloneMode, context: CallContext): Promise<VmCloneResult> {
    const conn = await this.options.connections.get(vm.hostId)
    const ref = vm.name === undefined ? { uuid: vm.uuid } : { uuid: vm.uuid, name: vm.name }
    const result = await conn.audited(
      'domain.clone',
      refLabel(ref),
      () => this.run(conn, vm.uuid, refLabel(ref), name, mode, context),
      `${name} (${mode})`,
    )
    this.options.connections.announce(vm.hostId, { kind: 'resync' })
    return result
  }

  private async run(
    conn: LibvirtConnection,
    uuid: string,
    label: string,
    name: string,
    mode: CloneMode,
    context: CallContext,
  ): Promise<VmCloneResult> {
    context.progress({ message: 'Checking the VM' })
    let xml: string
    let state: string
    try {
      ;[xml, state] = await Promise.all([
        conn.read(['dumpxml', '--domain', uuid, '--inactive', SECURITY_INFO_FLAG]),
        conn.read(['domstate', '--domain', uuid]),
      ])
    } catch (error) {
      throw domainNotFound(error, { uuid, name: label }, conn.where)
    }
    const vmName = readDomainXml(xml).name || label
    if (stateFromText(state) !== 'shutoff')
      throw new AppError('CONFLICT', `Shut “${vmName}” off before cloning it`, {
        detail: 'A running VM keeps writing to its disks: a copy taken now would not be consistent.',
      })
    const taken = await conn.read(['domuuid', '--domain', name]).then(
      () => true,
      (error: unknown) => {
        if (error instanceof AppError && error.code === 'NOT_FOUND') return false
        throw error
      },
    )
    if (taken) throw new AppError('CONFLICT', `A VM named “${name}” already exists on ${conn.where}`)
    const disks = cloneDisks(xml)
    const own = ownDisks(disks)
    const notFile = own.filter((d) => d.sourceType !== 'file')
    if (notFile.length > 0)
      throw new AppError(
        'UNSUPPORTED',
        `VirtDeck clones disks that are files; ${notFile.map((d) => `${d.target} (${d.sourceType})`).join(', ')} ${notFile.length > 1 ? 'are' : 'is'} not`,
        { detail: 'Nothing was changed.' },
      )
    const planned: ClonedDisk[] = own.map((d) => {
      const source = d.path ?? ''
      const format = d.format ?? 'raw'
      const ext = mode === 'linked' || format === 'qcow2' ? 'qcow2' : format === 'raw' ? 'img' : format
      return {
        target: d.target,
        source,
        path: `${dirOf(source)}/${fileStem(name)}-${fileStem(d.target)}.${ext}`,
        format: mode === 'linked' ? 'qcow2' : format,
        ...(mode === 'linked' ? { backing: source } : {}),
      }
    })
    for (const disk of planned) {
      const exists = await conn.host.exec('test', ['-e', disk.path], { timeoutMs: 15_000 })
      if (exists.code === 0)
        throw new AppError('CONFLICT', `${disk.path} already exists on ${conn.where}`, {
          detail: 'Nothing was changed. Choose another name for the clone, or move that file away.',
        })
    }
    const written: string[] = []
    try {
      for (const [i, disk] of planned.entries()) {
        const phase = `${mode === 'copy' ? 'Copying' : 'Linking'} disk ${disk.target} (${i + 1} of ${planned.length})`
        context.progress({ message: phase, fraction: i / planned.length })
        written.push(disk.path)
        await copyDisk(
          conn.host,
          { source: disk.source, sourceFormat: own[i]?.format ?? 'raw', target: disk.path, mode },
          {
            signal: context.signal,
            onFraction: (f) =>
              context.progress({
                message: `${phase} ${Math.round(f * 100)} %`,
                fraction: (i + f) / planned.length,
              }),
          },
        )
      }
      if (context.signal.aborted) throw new AppError('CANCELLED', 'Cloning was cancelled')
      context.progress({ message: 'Defining the clone', fraction: 1 })
      const cloned = cloneXml(xml, {
        name,
        disks: new Map(planned.map((d) => [d.target, { path: d.path, format: d.format }])),
      })
      await conn.withTempFile(cloned.xml, (path) => conn.run(['define', '--file', path, '--validate']))
      return {
        name,
        uuid: cloned.uuid,
        macs: cloned.macs,
        disks: planned,
        shared: disks.filter((d) => !own.includes(d) && d.path !== undefined).map((d) => d.path ?? ''),
      }
    } catch (error) {
      if (written.length > 0)
        await conn.host.exec('rm', ['-f', '--', ...written], { timeoutMs: 60_000 }).catch(() => undefined)
      throw error
    }
  }
}
