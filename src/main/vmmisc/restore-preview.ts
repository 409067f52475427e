import { AppError } from '@shared/errors.js'
import type { RestorePreview } from '@shared/xml-restore.js'
import { withCurrentName } from '../libvirt/domain-xml-edit.js'
import type { LibvirtConnection } from '../libvirt/libvirt-connection.js'
import { isActiveState, parseKeyValues, stateFromText } from '../libvirt/virsh-parse.js'
import { child, diffLines, formatUnifiedDiff, parseXml, root, text, xmlEqual } from '../libvirt/xml/index.js'
import { XmlHistoryRepo } from '../libvirt/xml-history-repo.js'
import type { Db } from '../store/database.js'

/** The diff a restore would apply (current → saved, under the VM's current name), before anything is defined. */
export async function restorePreview(
  conn: LibvirtConnection,
  db: Db,
  historyId: number,
): Promise<RestorePreview> {
  const entry = new XmlHistoryRepo(db).get(historyId)
  if (entry === undefined || entry.hostId !== conn.hostId || entry.kind !== 'domain')
    throw new AppError('NOT_FOUND', 'That saved definition no longer exists', {
      detail: `No domain definition #${historyId} for this host.`,
    })
  const target = entry.uuid ?? entry.name
  let current: string | undefined
  let info = ''
  try {
    ;[current, info] = await Promise.all([
      conn.read(['dumpxml', '--domain', target, '--inactive']),
      conn.read(['dominfo', '--domain', target]),
    ])
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'NOT_FOUND')) throw error
  }
  if (current === undefined) {
    return {
      historyId,
      name: entry.name,
      diff: formatUnifiedDiff(diffLines('', entry.xml), { fromFile: 'nothing', toFile: 'restored' }),
      changed: true,
      recreates: true,
      running: false,
    }
  }
  const nameEl = child(root(parseXml(current)), 'name')
  const name = (nameEl === undefined ? undefined : text(nameEl)) ?? entry.name
  const saved = entry.uuid === undefined ? entry.xml : withCurrentName(entry.xml, { name, uuid: entry.uuid })
  const changed = !xmlEqual(current, saved)
  return {
    historyId,
    name,
    diff: changed
      ? formatUnifiedDiff(diffLines(current, saved), {
          fromFile: `${name} (current)`,
          toFile: `${name} (saved)`,
        })
      : '',
    changed,
    recreates: false,
    running: isActiveState(stateFromText(parseKeyValues(info).get('State'))),
  }
}
