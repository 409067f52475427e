import { posix } from 'node:path'
import { randomUUID } from 'node:crypto'
import type { Host } from '../host/host.js'
import type {
  AppliedChange,
  ApplyProgress,
  ChangePlanBase,
  DomainBackup,
  FileBackup,
  Verification,
} from '@shared/changes.js'
import { AppError } from '@shared/errors.js'
import type { DomainDefinitions } from './domains.js'
import { definitionHash } from './domains.js'
import { readTextOrNull, sha256 } from './host-files.js'
import {
  DEFAULT_BACKUP_DIR,
  backupFolder,
  backupLevels,
  checkCancelled,
  dirname,
  makeBackupFolders,
  readBootId,
  reporter,
  restoreFiles,
  runCommands,
  runPrivileged,
} from './steps.js'
import type { Report } from './steps.js'

/**
 * Applies a plan. Backups of files live on the host itself, copied there with `cp -a` as root: the
 * copy keeps owner, mode, timestamps and SELinux label, so a restore puts back the very file; it
 * works the same over SSH without carrying the content through the app; and it survives the app's
 * own data being lost (a dated folder anyone can find). New content is written with `tee FILE` fed
 * on standard input, which keeps the existing file's inode, owner, mode and label. Domain
 * definitions are replaced through `DomainDefinitions`, which keeps the previous one in the XML
 * history. Everything runs as argument arrays through `host.privileged`.
 */

export interface ApplyOptions {
  /** Root of the backup folders on the host. Default /var/lib/virtdeck/backups. */
  backupDir?: string
  onProgress?: (progress: ApplyProgress) => void
  /** Honoured until the first file is written; after that the change completes or rolls back, never stops half-way. */
  signal?: AbortSignal
  /** How the capability made the change (stored with it). */
  method: string
  /** Needed when the plan replaces domain definitions. */
  domains?: DomainDefinitions
  /** The capability's check of the state the change was meant to produce. */
  verify?: (host: Host, change: AppliedChange) => Promise<Verification>
  now?: () => Date
  newId?: () => string
}

export function checkApplicable(host: Host, plan: ChangePlanBase): void {
  if (plan.blockers.length > 0) {
    throw new AppError('CONFLICT', 'This change cannot be applied now.', {
      detail: plan.blockers.join('\n'),
      data: { blockers: plan.blockers },
    })
  }
  if (plan.hostId !== host.id)
    throw new AppError('INVALID_INPUT', `The plan was made for host ${plan.hostId}, not ${host.id}.`)
}

/** Refuses with CONFLICT, nothing written, when a file or a definition changed since the preview. */
async function checkUnchanged(
  host: Host,
  plan: ChangePlanBase,
  domains: DomainDefinitions | undefined,
): Promise<void> {
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
  for (const edit of plan.domains ?? []) {
    if (domains === undefined)
      throw new AppError('INTERNAL', 'This change edits VMs but has no libvirt access.')
    const current = await domains.current(plan.hostId, edit)
    if (definitionHash(current) !== definitionHash(edit.before)) {
      throw new AppError(
        'CONFLICT',
        `${edit.name} was changed since the preview; nothing was written or defined.`,
        { detail: 'Its definition differs from the previewed one. Preview again.', data: { vm: edit.name } },
      )
    }
  }
}

async function backUp(
  host: Host,
  plan: ChangePlanBase,
  folder: string,
  backupDir: string,
  report: Report,
): Promise<FileBackup[]> {
  const backups: FileBackup[] = plan.files.map((file) => ({
    path: file.path,
    backupPath: file.before === null ? null : `${folder}${file.path}`,
    existedBefore: file.before !== null,
    writtenSha256: sha256(file.after),
  }))
  const toCopy = backups.filter((b): b is FileBackup & { backupPath: string } => b.backupPath !== null)
  if (toCopy.length > 0) {
    report('backup', `Backing up ${toCopy.length} file(s) to ${folder}…`, 0.15)
    await makeBackupFolders(
      host,
      backupLevels(
        backupDir,
        toCopy.map((b) => dirname(b.backupPath)),
      ),
    )
    for (const b of toCopy)
      await runPrivileged(host, 'cp', ['-a', '--', b.path, b.backupPath], `Back up ${b.path}`)
  }
  return backups
}

/**
 * Applies a plan: refuses when it has blockers; refuses with CONFLICT, writing nothing, when a file
 * or a VM definition changed since the preview; backs the files up, writes them, defines the VMs,
 * runs the commands, then runs the capability's verify step. When a step fails, the files are
 * restored, the previous definitions defined again and the commands re-run (best effort) before
 * the error is thrown.
 */
export async function applyChange(
  host: Host,
  plan: ChangePlanBase,
  options: ApplyOptions,
): Promise<AppliedChange> {
  const report = reporter(options.onProgress)
  checkApplicable(host, plan)
  checkCancelled(options.signal)

  report('check', 'Checking that nothing changed since the preview…', 0.05)
  await checkUnchanged(host, plan, options.domains)
  checkCancelled(options.signal)

  const at = options.now?.() ?? new Date()
  const id = (options.newId ?? randomUUID)()
  const backupDir = options.backupDir ?? DEFAULT_BACKUP_DIR
  const folder = backupFolder(backupDir, at, id)
  const backups = await backUp(host, plan, folder, backupDir, report)
  checkCancelled(options.signal)

  const change: AppliedChange = {
    id,
    hostId: host.id,
    planId: plan.id,
    method: options.method,
    backups,
    commands: plan.commands,
    appliedAt: at.toISOString(),
    bootId: await readBootId(host),
    result: { rebootRequired: plan.rebootRequired },
  }
  if (plan.undoCommands !== undefined) change.undoCommands = plan.undoCommands
  const defined: DomainBackup[] = []
  if ((plan.domains ?? []).length > 0) change.domains = defined

  let commandsStarted = false
  try {
    for (const [index, file] of plan.files.entries()) {
      report('write', `Writing ${file.path}…`, 0.3 + (0.3 * index) / Math.max(1, plan.files.length))
      if (file.createFolder === true && file.before === null)
        await runPrivileged(
          host,
          'mkdir',
          ['-p', '--', posix.dirname(file.path)],
          `Create the folder of ${file.path}`,
        )
      await runPrivileged(host, 'tee', ['--', file.path], `Write ${file.path}`, file.after)
      if (file.mode !== undefined)
        await runPrivileged(
          host,
          'chmod',
          [file.mode, '--', file.path],
          `Make ${file.path} mode ${file.mode}`,
        )
      const written = await readTextOrNull(host, file.path, { reason: `Check ${file.path}` })
      if (written !== file.after)
        throw new AppError('COMMAND_FAILED', `${file.path} does not hold what was written.`)
    }
    for (const edit of plan.domains ?? []) {
      const domains = options.domains
      if (domains === undefined) throw new AppError('INTERNAL', 'No libvirt access for the VM edits.')
      report('define', `Defining ${edit.name} (the previous definition goes to its XML history)…`, 0.55)
      const historyId = await domains.define(plan.hostId, edit, edit.after, edit.historyReason)
      const readBack = await domains.current(plan.hostId, edit)
      defined.push({
        uuid: edit.uuid,
        name: edit.name,
        historyId,
        definedSha256: definitionHash(readBack),
        diff: edit.diff,
        ...(edit.dropGraphicsSecrets === undefined ? {} : { dropGraphicsSecrets: edit.dropGraphicsSecrets }),
      })
    }
    commandsStarted = true
    await runCommands(host, plan.commands, report, 0.6)
  } catch (error) {
    const rollback = await rollBack(host, change, defined, options.domains, report, commandsStarted).then(
      () =>
        (plan.domains ?? []).length > 0
          ? 'The files and VM definitions were restored.'
          : 'The files were restored from their backups.',
      (e: unknown) =>
        `Restoring the backups failed too: ${e instanceof Error ? e.message : String(e)}. Backups: ${folder}`,
    )
    const base = error instanceof AppError ? error : new AppError('INTERNAL', String(error))
    throw new AppError(base.code, base.message, {
      detail: [base.detail, rollback].filter(Boolean).join('\n'),
      cause: error,
    })
  }

  if (options.verify !== undefined) {
    report('verify', 'Checking the result…', 0.9)
    change.verification = await options.verify(host, change)
  }
  return change
}

async function rollBack(
  host: Host,
  change: AppliedChange,
  defined: readonly DomainBackup[],
  domains: DomainDefinitions | undefined,
  report: Report,
  rerun: boolean,
): Promise<void> {
  await restoreFiles(host, change.backups, report)
  for (const domain of [...defined].reverse()) await domains?.restore(change.hostId, domain.historyId)
  if (!rerun) return
  for (const command of change.undoCommands ?? change.commands) {
    await host
      .privileged(command.file, command.args, { reason: `Roll back: ${command.why}` })
      .catch(() => undefined)
  }
}
