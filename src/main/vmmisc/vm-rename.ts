import { AppError } from '@shared/errors.js'
import type { DomainSummary } from '@shared/vms.js'
import { domainNameSchema } from '@shared/vm-create.js'
import { DomainInventory } from '../libvirt/domain-list.js'
import { domainNotFound } from '../libvirt/domain-ref.js'
import type { LibvirtConnection } from '../libvirt/libvirt-connection.js'
import { isActiveState, parseKeyValues, stateFromText } from '../libvirt/virsh-parse.js'
import type { Db } from '../store/database.js'

export interface RenameTarget {
  uuid: string
  name?: string | undefined
}

/**
 * Renames a shut-off domain with `virsh domrename` (libvirt keeps the UUID, so the XML history,
 * keyed by UUID, follows; its entries are relabelled with the new name). Refused with the reason
 * while the VM runs, when the name is taken, or when it breaks the naming rules. Audited.
 */
export async function renameDomain(
  conn: LibvirtConnection,
  db: Db,
  vm: RenameTarget,
  newName: string,
): Promise<DomainSummary> {
  const parsed = domainNameSchema.safeParse(newName)
  if (!parsed.success)
    throw new AppError('INVALID_INPUT', parsed.error.issues[0]?.message ?? 'Not a valid VM name')
  const label = vm.name ?? vm.uuid
  return conn.audited(
    'domain.rename',
    label,
    async () => {
      let info: string
      try {
        info = await conn.read(['dominfo', '--domain', vm.uuid])
      } catch (error) {
        throw domainNotFound(error, { uuid: vm.uuid, name: label }, conn.where)
      }
      const kv = parseKeyValues(info)
      const oldName = kv.get('Name') ?? label
      const state = stateFromText(kv.get('State'))
      if (oldName === newName) throw new AppError('INVALID_INPUT', `${oldName} already has this name`)
      if (isActiveState(state))
        throw new AppError('CONFLICT', `${oldName} is ${state}: libvirt renames only a shut-off VM`, {
          detail: 'Shut it down (or force it off), then rename it.',
        })
      if (kv.get('Persistent') === 'no')
        throw new AppError('CONFLICT', `${oldName} is transient: only a defined VM can be renamed`)
      if (await nameTaken(conn, newName))
        throw new AppError('CONFLICT', `A VM named “${newName}” already exists on ${conn.where}`, {
          detail: 'Choose another name.',
        })
      try {
        await conn.run(['domrename', '--domain', vm.uuid, '--new-name', newName])
      } catch (error) {
        throw renameRefused(error, oldName)
      }
      db.prepare(
        "UPDATE xml_history SET object_name = ? WHERE host_id = ? AND kind = 'domain' AND object_uuid = ?",
      ).run(newName, conn.hostId, vm.uuid)
      return new DomainInventory(conn).get({ uuid: vm.uuid, name: newName })
    },
    `to “${newName}”`,
  )
}

async function nameTaken(conn: LibvirtConnection, name: string): Promise<boolean> {
  try {
    await conn.read(['domuuid', '--domain', name])
    return true
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') return false
    throw error
  }
}

function renameRefused(error: unknown, name: string): unknown {
  if (!(error instanceof AppError) || error.code === 'HOST_UNREACHABLE' || error.code === 'CANCELLED')
    return error
  const text = `${error.message}\n${error.detail ?? ''}`
  const snapshots = /snapshot/i.test(text)
  return new AppError(error.code, `libvirt did not rename ${name}: ${error.message}`, {
    detail: snapshots
      ? 'libvirt cannot rename a VM that has snapshots: delete them (Snapshots tab) or clone the VM under the new name.'
      : (error.detail ?? 'Check the name and that the VM is shut off, then try again.'),
    cause: error,
  })
}
