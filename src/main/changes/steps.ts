import type { Host } from '../host/host.js'
import type { ApplyProgress, ApplyStep, FileBackup, PlannedCommand } from '@shared/changes.js'
import { AppError } from '@shared/errors.js'

/**
 * The small steps the engine is made of: running a root command, naming and creating the backup
 * folder, putting files back. Everything is an argument array through `host.privileged`.
 */

export const DEFAULT_BACKUP_DIR = '/var/lib/virtdeck/backups'

export type Report = (step: ApplyStep, message: string, fraction: number) => void

export function reporter(onProgress: ((p: ApplyProgress) => void) | undefined): Report {
  return (step, message, fraction) => onProgress?.({ step, message, fraction })
}

export function checkCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AppError('CANCELLED', 'Cancelled before anything was changed.')
}

export async function runPrivileged(
  host: Host,
  file: string,
  args: string[],
  reason: string,
  input?: string,
): Promise<void> {
  const result = await host.privileged(file, args, input === undefined ? { reason } : { reason, input })
  if (result.code !== 0) {
    throw new AppError('COMMAND_FAILED', `${file} ${args.join(' ')} failed (exit ${String(result.code)}).`, {
      detail: result.stderr.trim() || result.stdout.trim(),
    })
  }
}

/** Folder name: UTC time to the second, then the change id, e.g. 20250101T120000Z-3f2a…. */
export function backupFolder(backupDir: string, at: Date, id: string): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')
  return `${backupDir.replace(/\/+$/, '')}/${stamp}-${id}`
}

export function dirname(path: string): string {
  return path.slice(0, path.lastIndexOf('/')) || '/'
}

/**
 * Every folder from VirtDeck's own top folder (the parent of the backup root, /var/lib/virtdeck)
 * down to each backup file's folder: all of them are made 0700, not only the last (`mkdir -p -m`
 * sets the mode of the leaf alone; the others would be 0755 and list what was backed up).
 */
export function backupLevels(backupDir: string, fileDirs: readonly string[]): string[] {
  const top = dirname(backupDir.replace(/\/+$/, ''))
  const levels = new Set<string>()
  for (const dir of fileDirs) {
    for (let at = dir; at.length > top.length && at.startsWith(top); at = dirname(at)) levels.add(at)
  }
  if (top !== '/' && top !== '') levels.add(top)
  return [...levels].sort((a, b) => a.length - b.length || a.localeCompare(b))
}

/**
 * Creates the folders 0700 at every level: each level is named, so `mkdir -p -m` creates every one
 * of them 0700 (it sets the mode of the folders it is given, not of the parents it adds), and
 * `chmod` fixes levels an older VirtDeck created 0755.
 */
export async function makeBackupFolders(host: Host, levels: readonly string[]): Promise<void> {
  const reason = 'Create the backup folder (readable by root only)'
  await runPrivileged(host, 'mkdir', ['-p', '-m', '0700', '--', ...levels], reason)
  await runPrivileged(host, 'chmod', ['0700', '--', ...levels], reason)
}

export async function runCommands(
  host: Host,
  commands: readonly PlannedCommand[],
  report: Report,
  from: number,
): Promise<void> {
  for (const [index, command] of commands.entries()) {
    report(
      'command',
      `${command.file} ${command.args.join(' ')}`.trim(),
      from + (0.3 * index) / Math.max(1, commands.length),
    )
    await runPrivileged(host, command.file, command.args, command.why)
  }
}

/** Puts back every file of a change from its backup, or removes a file the change created. */
export async function restoreFiles(
  host: Host,
  backups: readonly FileBackup[],
  report: Report,
): Promise<{ restored: string[]; removed: string[] }> {
  const restored: string[] = []
  const removed: string[] = []
  for (const backup of backups) {
    if (backup.backupPath !== null) {
      report('restore', `Restoring ${backup.path}…`, 0.3)
      await runPrivileged(
        host,
        'cp',
        ['-a', '--', backup.backupPath, backup.path],
        `Restore ${backup.path} from its backup`,
      )
      restored.push(backup.path)
    } else {
      report('restore', `Removing ${backup.path}, which did not exist before…`, 0.3)
      await runPrivileged(
        host,
        'rm',
        ['-f', '--', backup.path],
        `Remove ${backup.path}, which VirtDeck created`,
      )
      removed.push(backup.path)
    }
  }
  return { restored, removed }
}

/** The kernel's id of the current boot; it changes at every boot, so "rebooted since" is a comparison. */
export async function readBootId(host: Host): Promise<string | null> {
  try {
    const text = (await host.readFile('/proc/sys/kernel/random/boot_id')).toString('utf8').trim()
    return text === '' ? null : text
  } catch {
    return null
  }
}

export function describeError(error: unknown): string {
  if (error instanceof AppError)
    return error.detail === undefined ? error.message : `${error.message} ${error.detail}`
  return error instanceof Error ? error.message : String(error)
}
