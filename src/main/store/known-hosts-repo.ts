import type { Db } from './database.js'

export type HostKeyVerdict = 'trusted' | 'unknown' | 'changed'

export interface KnownHostKey {
  address: string
  keyType: string
  fingerprint: string
  addedAt: string
}

/** SSH host keys the user accepted, by `host:port` address. */
export class KnownHostsRepo {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Trusted when this exact key was accepted; changed when another key was accepted for the address. */
  verify(address: string, fingerprint: string): HostKeyVerdict {
    const rows = this.forAddress(address)
    if (rows.length === 0) return 'unknown'
    return rows.some((row) => row.fingerprint === fingerprint) ? 'trusted' : 'changed'
  }

  forAddress(address: string): KnownHostKey[] {
    const rows = this.db
      .prepare(
        'SELECT address, key_type AS keyType, fingerprint, added_at AS addedAt FROM known_hosts WHERE address = ?',
      )
      .all(address) as KnownHostKey[]
    return rows
  }

  accept(address: string, keyType: string, fingerprint: string): void {
    this.db
      .prepare(
        `INSERT INTO known_hosts (address, key_type, fingerprint, added_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (address, key_type) DO UPDATE SET fingerprint = excluded.fingerprint, added_at = excluded.added_at`,
      )
      .run(address, keyType, fingerprint, this.now().toISOString())
  }

  forget(address: string): number {
    return this.db.prepare('DELETE FROM known_hosts WHERE address = ?').run(address).changes
  }
}
