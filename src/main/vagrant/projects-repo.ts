import { randomUUID } from 'node:crypto'
import type { VagrantProject } from '@shared/vagrant-contract.js'
import type { Db } from '../store/database.js'

interface Row {
  id: string
  host_id: string
  path: string
  name: string
  created_at: string
}

const fromRow = (r: Row): VagrantProject => ({
  id: r.id,
  hostId: r.host_id,
  path: r.path,
  name: r.name,
  createdAt: r.created_at,
})

/** Vagrant projects (the `vagrant_projects` table): a folder on a host holding a Vagrantfile. */
export class VagrantProjectsRepo {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  list(): VagrantProject[] {
    const rows = this.db.prepare('SELECT * FROM vagrant_projects ORDER BY name, path').all() as Row[]
    return rows.map(fromRow)
  }

  get(id: string): VagrantProject | undefined {
    const row = this.db.prepare('SELECT * FROM vagrant_projects WHERE id = ?').get(id) as Row | undefined
    return row === undefined ? undefined : fromRow(row)
  }

  find(hostId: string, path: string): VagrantProject | undefined {
    const row = this.db
      .prepare('SELECT * FROM vagrant_projects WHERE host_id = ? AND path = ?')
      .get(hostId, path) as Row | undefined
    return row === undefined ? undefined : fromRow(row)
  }

  add(hostId: string, path: string, name: string): VagrantProject {
    const project: VagrantProject = {
      id: randomUUID(),
      hostId,
      path,
      name,
      createdAt: this.now().toISOString(),
    }
    this.db
      .prepare('INSERT INTO vagrant_projects (id, host_id, path, name, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(project.id, hostId, path, name, project.createdAt)
    return project
  }

  remove(id: string): boolean {
    return this.db.prepare('DELETE FROM vagrant_projects WHERE id = ?').run(id).changes > 0
  }
}
