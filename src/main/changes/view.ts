import type { HostChangeRecord } from '@shared/changes.js'
import type { StoredChange } from '../store/changes-repo.js'

/** The backup folder of a change: the common prefix of its backups (one folder per change). */
function backupFolderOf(change: StoredChange): string | null {
  const path = change.applied.backups.find((b) => b.backupPath !== null)
  if (path?.backupPath == null) return null
  return path.backupPath.slice(0, path.backupPath.length - path.path.length) || null
}

/** What the renderer and the CLI see of a stored change: diffs and paths, never file contents or XML. */
export function changeView(change: StoredChange, hostName: string): HostChangeRecord {
  return {
    id: change.id,
    hostId: change.hostId,
    hostName,
    capability: change.feature,
    method: change.applied.method,
    summary: change.summary,
    appliedAt: change.appliedAt,
    undoneAt: change.undoneAt,
    files: change.applied.backups.map((backup) => ({
      path: backup.path,
      diff: change.plan.files.find((file) => file.path === backup.path)?.diff ?? '',
      backupPath: backup.backupPath,
      existedBefore: backup.existedBefore,
    })),
    domains: (change.applied.domains ?? []).map((d) => ({
      name: d.name,
      uuid: d.uuid,
      diff: d.diff,
      historyId: d.historyId,
    })),
    commands: change.applied.commands,
    rebootRequired: change.applied.result.rebootRequired,
    verification: change.verification,
    backupFolder: backupFolderOf(change),
  }
}
