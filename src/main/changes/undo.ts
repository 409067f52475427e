import type { Host } from '../host/host.js'
import type { AppliedChange, ApplyProgress, UndoSummary, Verification } from '@shared/changes.js'
import { AppError } from '@shared/errors.js'
import type { DomainDefinitions } from './domains.js'
import { definitionHash } from './domains.js'
import { readTextOrNull, sha256 } from './host-files.js'
import { reporter, restoreFiles, runCommands } from './steps.js'

export interface UndoOptions {
  onProgress?: (progress: ApplyProgress) => void
  /** Restore even when a file or a definition was edited after the change was applied (the edit is lost). */
  force?: boolean
  /** Needed when the change replaced domain definitions. */
  domains?: DomainDefinitions
  /** The capability's check, run again once the change is undone. */
  verify?: (host: Host, change: AppliedChange) => Promise<Verification>
}

/** What was edited since the change: files whose bytes differ from what VirtDeck wrote, VMs redefined since. */
async function laterEdits(
  host: Host,
  change: AppliedChange,
  domains: DomainDefinitions | undefined,
): Promise<string[]> {
  const edited: string[] = []
  for (const backup of change.backups) {
    const current = await readTextOrNull(host, backup.path, {
      reason: `Read ${backup.path} before restoring it`,
    })
    if (current === null || sha256(current) !== backup.writtenSha256) edited.push(backup.path)
  }
  for (const domain of change.domains ?? []) {
    if (domains === undefined)
      throw new AppError('INTERNAL', 'This change edited VMs but there is no libvirt access.')
    const current = await domains.current(change.hostId, domain).catch(() => null)
    if (current === null || definitionHash(current) !== domain.definedSha256) edited.push(`VM ${domain.name}`)
  }
  return edited
}

/**
 * Undoes an applied change as one: refuses with CONFLICT when a file or a VM definition was edited
 * after the change (unless `force`), restores each file (or removes one the change created),
 * defines each VM's previous definition again, re-runs the change's commands (module reload, GRUB
 * regeneration) — or runs its `undoCommands` instead when it has them — and the capability's verify step.
 */
export async function undoAppliedChange(
  host: Host,
  change: AppliedChange,
  options: UndoOptions = {},
): Promise<UndoSummary> {
  const report = reporter(options.onProgress)
  if (change.hostId !== host.id)
    throw new AppError('INVALID_INPUT', `The change was made on host ${change.hostId}, not ${host.id}.`)
  report('check', 'Checking that nothing was edited since the change…', 0.05)
  const edited = await laterEdits(host, change, options.domains)
  if (edited.length > 0 && options.force !== true) {
    const first = edited[0] ?? ''
    throw new AppError(
      'CONFLICT',
      `${first} was changed after VirtDeck ${first.startsWith('VM ') ? 'defined' : 'wrote'} it; undoing would lose that edit.`,
      {
        detail: `Nothing was restored. Edited since: ${edited.join(', ')}. Undo again with force to restore the backup anyway.`,
        data: { path: first, edited },
      },
    )
  }
  const { restored, removed } = await restoreFiles(host, change.backups, report)
  const redefined: string[] = []
  for (const domain of [...(change.domains ?? [])].reverse()) {
    report('restore', `Defining the previous definition of ${domain.name}…`, 0.45)
    await options.domains?.restore(change.hostId, domain.historyId)
    redefined.push(domain.name)
  }
  const commands = change.undoCommands ?? change.commands
  try {
    await runCommands(host, commands, report, 0.6)
  } catch (error) {
    const base = error instanceof AppError ? error : new AppError('INTERNAL', String(error))
    const rest = commands.map((c) => [c.file, ...c.args].join(' ')).join('; ')
    throw new AppError(base.code, `The files were restored, but ${base.message}`, {
      detail: [base.detail, `Run again when possible (e.g. once VMs are shut down): ${rest}`]
        .filter(Boolean)
        .join('\n'),
      data: { restored, removed, redefined },
      cause: error,
    })
  }
  const summary: UndoSummary = { changeId: change.id, restored, removed, redefined }
  if (options.verify !== undefined) {
    report('verify', 'Checking the result…', 0.9)
    summary.verification = await options.verify(host, change)
  }
  return summary
}
