/**
 * Numbered migrations, applied in order, each in its own transaction. `PRAGMA user_version`
 * records the last one applied. Never edit a migration that has shipped: add a new one.
 */
export interface Migration {
  version: number
  name: string
  sql: string
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'hosts, known host keys, settings, secrets, audit log',
    sql: `
      CREATE TABLE hosts (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('local', 'ssh')),
        hostname TEXT,
        port INTEGER,
        username TEXT,
        auth TEXT CHECK (auth IS NULL OR auth IN ('agent', 'key', 'password')),
        key_path TEXT,
        libvirt_uri TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE known_hosts (
        address TEXT NOT NULL,
        key_type TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        added_at TEXT NOT NULL,
        PRIMARY KEY (address, key_type)
      );
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      CREATE TABLE secrets (
        owner TEXT PRIMARY KEY,
        sealed BLOB NOT NULL
      );
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        host_id TEXT,
        target TEXT NOT NULL,
        action TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'failed', 'cancelled')),
        detail TEXT
      );
      CREATE INDEX audit_log_at ON audit_log (at);
    `,
  },
  {
    version: 2,
    name: 'xml history of libvirt definitions',
    sql: `
      CREATE TABLE xml_history (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        host_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('domain', 'network', 'pool')),
        object_name TEXT NOT NULL,
        object_uuid TEXT,
        xml TEXT NOT NULL,
        reason TEXT NOT NULL,
        saved_at TEXT NOT NULL
      );
      CREATE INDEX xml_history_object ON xml_history (host_id, kind, object_name, saved_at);
    `,
  },
  {
    version: 3,
    name: 'privileged changes and their backups (undo)',
    sql: `
      CREATE TABLE host_changes (
        id TEXT PRIMARY KEY,
        host_id TEXT NOT NULL,
        feature TEXT NOT NULL,
        summary TEXT NOT NULL,
        plan TEXT NOT NULL,
        applied_at TEXT NOT NULL,
        undone_at TEXT
      );
      CREATE TABLE host_change_backups (
        change_id TEXT NOT NULL REFERENCES host_changes (id) ON DELETE CASCADE,
        path TEXT NOT NULL,
        backup_path TEXT,
        existed_before INTEGER NOT NULL,
        PRIMARY KEY (change_id, path)
      );
    `,
  },
  {
    version: 4,
    name: 'change engine: verification of each change, changes listed across hosts',
    sql: `
      ALTER TABLE host_changes ADD COLUMN verification TEXT;
      CREATE INDEX host_changes_applied ON host_changes (applied_at);
    `,
  },
  // vagrant: begin
  {
    version: 5,
    name: 'vagrant projects',
    sql: `
      CREATE TABLE vagrant_projects (
        id TEXT PRIMARY KEY,
        host_id TEXT NOT NULL,
        path TEXT NOT NULL,
        name TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (host_id, path)
      );
    `,
  },
  // vagrant: end
]

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0
