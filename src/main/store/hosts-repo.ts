import type { AuthMethod, HostProfile } from '@shared/hosts.js'
import type { Db } from './database.js'

interface HostRow {
  id: string
  name: string
  kind: 'local' | 'ssh'
  hostname: string | null
  port: number | null
  username: string | null
  auth: AuthMethod | null
  key_path: string | null
  libvirt_uri: string
  created_at: string
}

export type HostRecord = Omit<HostProfile, 'hasSecret'>

function fromRow(row: HostRow): HostRecord {
  const host: HostRecord = {
    id: row.id,
    name: row.name,
    kind: row.kind,
    libvirtUri: row.libvirt_uri,
    createdAt: row.created_at,
  }
  if (row.hostname !== null) host.hostname = row.hostname
  if (row.port !== null) host.port = row.port
  if (row.username !== null) host.username = row.username
  if (row.auth !== null) host.auth = row.auth
  if (row.key_path !== null) host.keyPath = row.key_path
  return host
}

/** Connection profiles. Secrets are not here: see SecretsRepo. */
export class HostsRepo {
  constructor(private readonly db: Db) {}

  list(): HostRecord[] {
    const rows = this.db
      .prepare("SELECT * FROM hosts ORDER BY kind = 'ssh', name COLLATE NOCASE")
      .all() as HostRow[]
    return rows.map(fromRow)
  }

  get(id: string): HostRecord | undefined {
    const row = this.db.prepare('SELECT * FROM hosts WHERE id = ?').get(id) as HostRow | undefined
    return row ? fromRow(row) : undefined
  }

  findByName(name: string): HostRecord | undefined {
    const row = this.db.prepare('SELECT * FROM hosts WHERE name = ? COLLATE NOCASE').get(name) as
      HostRow | undefined
    return row ? fromRow(row) : undefined
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM hosts').get() as { n: number }).n
  }

  upsert(host: HostRecord): void {
    this.db
      .prepare(
        `INSERT INTO hosts (id, name, kind, hostname, port, username, auth, key_path, libvirt_uri, created_at)
         VALUES (@id, @name, @kind, @hostname, @port, @username, @auth, @key_path, @libvirt_uri, @created_at)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, hostname = excluded.hostname,
           port = excluded.port, username = excluded.username, auth = excluded.auth, key_path = excluded.key_path,
           libvirt_uri = excluded.libvirt_uri`,
      )
      .run({
        id: host.id,
        name: host.name,
        kind: host.kind,
        hostname: host.hostname ?? null,
        port: host.port ?? null,
        username: host.username ?? null,
        auth: host.auth ?? null,
        key_path: host.keyPath ?? null,
        libvirt_uri: host.libvirtUri,
        created_at: host.createdAt,
      })
  }

  remove(id: string): boolean {
    return this.db.prepare('DELETE FROM hosts WHERE id = ?').run(id).changes > 0
  }
}
