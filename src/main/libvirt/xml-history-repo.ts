import type { XmlHistoryEntry } from '@shared/vms.js'
import type { Db } from '../store/database.js'

export type XmlHistoryKind = XmlHistoryEntry['kind']

export interface XmlHistorySave {
  hostId: string
  kind: XmlHistoryKind
  name: string
  uuid?: string
  xml: string
  reason: string
}

interface Row {
  id: number
  host_id: string
  kind: XmlHistoryKind
  object_name: string
  object_uuid: string | null
  reason: string
  saved_at: string
}

function toEntry(row: Row): XmlHistoryEntry {
  return {
    id: row.id,
    hostId: row.host_id,
    kind: row.kind,
    name: row.object_name,
    ...(row.object_uuid === null ? {} : { uuid: row.object_uuid }),
    reason: row.reason,
    savedAt: row.saved_at,
  }
}

const COLUMNS = 'id, host_id, kind, object_name, object_uuid, reason, saved_at'

/** Earlier definitions of libvirt objects (the `xml_history` table): saved before each define, restorable. */
export class XmlHistoryRepo {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  save(entry: XmlHistorySave): number {
    const result = this.db
      .prepare(
        'INSERT INTO xml_history (host_id, kind, object_name, object_uuid, xml, reason, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        entry.hostId,
        entry.kind,
        entry.name,
        entry.uuid ?? null,
        entry.xml,
        entry.reason,
        this.now().toISOString(),
      )
    return Number(result.lastInsertRowid)
  }

  /** Newest first. By UUID when given (it survives renames), else by name. */
  list(hostId: string, kind: XmlHistoryKind, object: { name?: string; uuid?: string }): XmlHistoryEntry[] {
    const rows =
      object.uuid !== undefined
        ? this.db
            .prepare(
              `SELECT ${COLUMNS} FROM xml_history WHERE host_id = ? AND kind = ? AND (object_uuid = ? OR (object_uuid IS NULL AND object_name = ?)) ORDER BY saved_at DESC, id DESC`,
            )
            .all(hostId, kind, object.uuid, object.name ?? null)
        : this.db
            .prepare(
              `SELECT ${COLUMNS} FROM xml_history WHERE host_id = ? AND kind = ? AND object_name = ? ORDER BY saved_at DESC, id DESC`,
            )
            .all(hostId, kind, object.name ?? '')
    return (rows as Row[]).map(toEntry)
  }

  get(id: number): (XmlHistoryEntry & { xml: string }) | undefined {
    const row = this.db.prepare(`SELECT ${COLUMNS}, xml FROM xml_history WHERE id = ?`).get(id) as
      (Row & { xml: string }) | undefined
    return row === undefined ? undefined : { ...toEntry(row), xml: row.xml }
  }

  remove(id: number): void {
    this.db.prepare('DELETE FROM xml_history WHERE id = ?').run(id)
  }
}
