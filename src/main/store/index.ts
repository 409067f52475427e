import type { SecretCipher } from './secrets-repo.js'
import { AuditRepo } from './audit-repo.js'
import { ChangesRepo } from './changes-repo.js'
import { openDatabase } from './database.js'
import type { Db } from './database.js'
import { HostsRepo } from './hosts-repo.js'
import { KnownHostsRepo } from './known-hosts-repo.js'
import { SecretsRepo } from './secrets-repo.js'
import { SettingsRepo } from './settings-repo.js'
// vagrant: begin
import { VagrantProjectsRepo } from '../vagrant/projects-repo.js'
// vagrant: end

export interface Store {
  readonly db: Db
  readonly hosts: HostsRepo
  readonly knownHosts: KnownHostsRepo
  readonly settings: SettingsRepo
  readonly secrets: SecretsRepo
  readonly audit: AuditRepo
  readonly changes: ChangesRepo
  // vagrant: begin
  readonly vagrantProjects: VagrantProjectsRepo
  // vagrant: end
  close(): void
}

export function openStore(path: string, cipher: SecretCipher, now: () => Date = () => new Date()): Store {
  const db = openDatabase(path)
  const settings = new SettingsRepo(db)
  return {
    db,
    hosts: new HostsRepo(db),
    knownHosts: new KnownHostsRepo(db, now),
    settings,
    secrets: new SecretsRepo(db, cipher, () => settings.get().allowPlainSecrets),
    audit: new AuditRepo(db, now),
    changes: new ChangesRepo(db, now),
    // vagrant: begin
    vagrantProjects: new VagrantProjectsRepo(db, now),
    // vagrant: end
    close: () => db.close(),
  }
}

export type { SecretCipher } from './secrets-repo.js'
export { NO_CIPHER } from './secrets-repo.js'
