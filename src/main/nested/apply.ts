import { randomUUID } from 'node:crypto'
import type { Host } from '../host/host.js'
import type {
  AppliedChange,
  ApplyProgress,
  ApplyStep,
  ChangePlan,
  FileBackup,
  NestedState,
  PlannedCommand,
  UndoResult,
} from '../../shared/nested.js'
import { AppError } from '../../shared/errors.js'
import { readTextOrNull, sha256 } from './host-files.js'
import { nestedParamPath, parseNestedValue } from './kvm-module.js'

/**
 * Applies a change plan and undoes it. Backups live on the host itself, copied there with
 * `cp -a` as root: the copy keeps owner, mode, timestamps and SELinux label, so a restore puts
 * back the very file, not only its bytes; it works the same over SSH without carrying the content
 * through the app; and it survives the app's own data being lost (a dated folder anyone can find).
 * New content is written with `tee FILE` fed on standard input, which keeps the existing file's
 * inode, owner, mode and label (a new file gets root's umask, 0644). Everything runs as argument
 * arrays through `host.privileged`.
 */

export const DEFAULT_BACKUP_DIR = '/var/lib/virtdeck/backups'

export interface ApplyOptions {
  /** Root of the backup folders on the host. Default /var/lib/virtdeck/backups. */
  backupDir?: string
  onProgress?: (progress: ApplyProgress) => void
  /** Honoured until the first file is written; after that the change completes or rolls back, never stops half-way. */
  signal?: AbortSignal
  /** Keeps the applied change (the store's job); awaited before applyPlan returns. */
  record?: (change: AppliedChange) => void | Promise<void>
  now?: () => Date
  newId?: () => string
}

export interface UndoOptions {
  onProgress?: (progress: ApplyProgress) => void
  /** Restore even when a file was edited after the change was applied (the edit is lost). */
  force?: boolean
}

type Report = (step: ApplyStep, message: string, fraction: number) => void

function reporter(onProgress: ((p: ApplyProgress) => void) | undefined): Report {
  return (step, message, fraction) => onProgress?.({ step, message, fraction })
}

function checkCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AppError('CANCELLED', 'Cancelled before anything was changed.')
}

async function runPrivileged(
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
function backupFolder(backupDir: string, at: Date, id: string): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')
  return `${backupDir.replace(/\/+$/, '')}/${stamp}-${id}`
}

function dirname(path: string): string {
  return path.slice(0, path.lastIndexOf('/')) || '/'
}

async function readNested(host: Host, path: string | null): Promise<NestedState> {
  if (path === null) return 'unknown'
  const text = await readTextOrNull(host, path).catch(() => null)
  return text === null ? 'unknown' : parseNestedValue(text)
}

function paramPathOf(plan: ChangePlan): string | null {
  return plan.method === 'xl' ? null : nestedParamPath(plan.vendor)
}

/**
 * Applies a plan: refuses when it has blockers; refuses with CONFLICT, writing nothing, when a file
 * changed since the preview; backs the files up, writes them, runs the commands, re-reads the nested
 * parameter. When a write or command fails, the files are restored and the commands re-run
 * (best effort) before the error is thrown.
 */
export async function applyPlan(
  host: Host,
  plan: ChangePlan,
  options: ApplyOptions = {},
): Promise<AppliedChange> {
  const report = reporter(options.onProgress)
  if (plan.blockers.length > 0) {
    throw new AppError('CONFLICT', 'This change cannot be applied now.', {
      detail: plan.blockers.join('\n'),
      data: { blockers: plan.blockers },
    })
  }
  if (plan.hostId !== host.id)
    throw new AppError('INVALID_INPUT', `The plan was made for host ${plan.hostId}, not ${host.id}.`)
  checkCancelled(options.signal)

  report('check', 'Checking that the files did not change since the preview…', 0.05)
  for (const file of plan.files) {
    const current = await readTextOrNull(host, file.path, { reason: `Read ${file.path} before changing it` })
    if (current !== file.before) {
      throw new AppError('CONFLICT', `${file.path} changed since the preview; nothing was written.`, {
        detail:
          current === null
            ? 'The file no longer exists.'
            : file.before === null
              ? 'The file exists now.'
              : 'Its content differs from the previewed one. Preview again.',
        data: { path: file.path },
      })
    }
  }
  checkCancelled(options.signal)

  const at = options.now?.() ?? new Date()
  const id = (options.newId ?? randomUUID)()
  const folder = backupFolder(options.backupDir ?? DEFAULT_BACKUP_DIR, at, id)
  const backups: FileBackup[] = plan.files.map((file) => ({
    path: file.path,
    backupPath: file.before === null ? null : `${folder}${file.path}`,
    existedBefore: file.before !== null,
    writtenSha256: sha256(file.after),
  }))
  const toCopy = backups.filter((b): b is FileBackup & { backupPath: string } => b.backupPath !== null)
  if (toCopy.length > 0) {
    report('backup', `Backing up ${toCopy.length} file(s) to ${folder}…`, 0.15)
    await runPrivileged(
      host,
      'mkdir',
      ['-p', '-m', '0700', '--', ...new Set(toCopy.map((b) => dirname(b.backupPath)))],
      'Create the backup folder',
    )
    for (const b of toCopy)
      await runPrivileged(host, 'cp', ['-a', '--', b.path, b.backupPath], `Back up ${b.path}`)
  }
  checkCancelled(options.signal)

  const change: AppliedChange = {
    id,
    hostId: host.id,
    planId: plan.id,
    method: plan.method,
    backups,
    commands: plan.commands,
    nestedParamPath: paramPathOf(plan),
    appliedAt: at.toISOString(),
    result: { nestedNow: 'unknown', rebootRequired: plan.rebootRequired },
  }

  let commandsStarted = false
  try {
    for (const [index, file] of plan.files.entries()) {
      report('write', `Writing ${file.path}…`, 0.3 + (0.3 * index) / Math.max(1, plan.files.length))
      await runPrivileged(host, 'tee', ['--', file.path], `Write ${file.path}`, file.after)
      const written = await readTextOrNull(host, file.path, { reason: `Check ${file.path}` })
      if (written !== file.after)
        throw new AppError('COMMAND_FAILED', `${file.path} does not hold what was written.`)
    }
    commandsStarted = true
    await runCommands(host, plan.commands, report, 0.6)
  } catch (error) {
    const rollback = await restore(host, change, report, commandsStarted).then(
      () => 'The files were restored from their backups.',
      (e: unknown) =>
        `Restoring the backups failed too: ${e instanceof Error ? e.message : String(e)}. Backups: ${folder}`,
    )
    const base = error instanceof AppError ? error : new AppError('INTERNAL', String(error))
    throw new AppError(base.code, base.message, {
      detail: [base.detail, rollback].filter(Boolean).join('\n'),
      cause: error,
    })
  }

  report('verify', 'Reading the nested parameter again…', 0.9)
  change.result.nestedNow = await readNested(host, change.nestedParamPath)
  await options.record?.(change)
  report('verify', 'Done', 1)
  return change
}

async function runCommands(
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

/** Puts back every file of a change; then, if any command had run, the commands re-run, best effort (rollback). */
async function restore(host: Host, change: AppliedChange, report: Report, rerun: boolean): Promise<void> {
  await restoreFiles(host, change, report)
  if (!rerun) return
  for (const command of change.commands) {
    await host
      .privileged(command.file, command.args, { reason: `Roll back: ${command.why}` })
      .catch(() => undefined)
  }
}

async function restoreFiles(
  host: Host,
  change: AppliedChange,
  report: Report,
): Promise<{ restored: string[]; removed: string[] }> {
  const restored: string[] = []
  const removed: string[] = []
  for (const backup of change.backups) {
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

/**
 * Undoes an applied change: refuses with CONFLICT when a file was edited after the change (unless
 * `force`), restores each backup (or removes a file that did not exist), re-runs the change's
 * commands (module reload, GRUB regeneration) and re-reads the nested parameter.
 */
export async function undoChange(
  host: Host,
  change: AppliedChange,
  options: UndoOptions = {},
): Promise<UndoResult> {
  const report = reporter(options.onProgress)
  if (change.hostId !== host.id)
    throw new AppError('INVALID_INPUT', `The change was made on host ${change.hostId}, not ${host.id}.`)
  report('check', 'Checking that the files were not edited since the change…', 0.05)
  for (const backup of change.backups) {
    const current = await readTextOrNull(host, backup.path, {
      reason: `Read ${backup.path} before restoring it`,
    })
    const untouched = current !== null && sha256(current) === backup.writtenSha256
    if (!untouched && !options.force) {
      throw new AppError(
        'CONFLICT',
        `${backup.path} was changed after VirtDeck wrote it; undoing would lose that edit.`,
        {
          detail: 'Nothing was restored. Undo again with force to restore the backup anyway.',
          data: { path: backup.path },
        },
      )
    }
  }
  const { restored, removed } = await restoreFiles(host, change, report)
  try {
    await runCommands(host, change.commands, report, 0.6)
  } catch (error) {
    const base = error instanceof AppError ? error : new AppError('INTERNAL', String(error))
    const rest = change.commands.map((c) => [c.file, ...c.args].join(' ')).join('; ')
    throw new AppError(base.code, `The files were restored, but ${base.message}`, {
      detail: [base.detail, `Run again when possible (e.g. once VMs are shut down): ${rest}`]
        .filter(Boolean)
        .join('\n'),
      data: { restored, removed },
      cause: error,
    })
  }
  report('verify', 'Reading the nested parameter again…', 0.9)
  const nestedNow = await readNested(host, change.nestedParamPath)
  report('verify', 'Done', 1)
  return { changeId: change.id, restored, removed, nestedNow, rebootRequired: change.result.rebootRequired }
}
