import { z } from 'zod'

/**
 * The change engine's vocabulary, shared by every capability that alters a host (nested
 * virtualization, tuning, passthrough, containers' fixes): a plan the user reads before anything
 * runs (file diffs, root commands, domain-XML edits, blockers, notes, reboot), applied with backups,
 * verified, recorded, and undone as one — also after the app restarts.
 */

export interface PlannedFile {
  path: string
  /** The content when the plan was made; null when the file does not exist yet. */
  before: string | null
  after: string
  /** Unified diff of before → after, for the preview. */
  diff: string
  /** A new file's folder is created first (mkdir -p) when set; undo leaves the folder. */
  createFolder?: boolean
  /** chmod after writing (e.g. '0755' for a hook script); the file's mode otherwise stays as it is. */
  mode?: string
}

export interface PlannedCommand {
  file: string
  args: string[]
  /** Why the command runs, in the user's words; shown with the password prompt. */
  why: string
}

/**
 * A libvirt domain definition the change replaces. `before`/`after` stay in main (they may hold
 * console passwords); the renderer sees the plan's `diff` only.
 */
export interface PlannedDomainEdit {
  uuid: string
  name: string
  before: string
  after: string
  diff: string
  /** The label of the saved previous definition in the XML history. */
  historyReason: string
  /** Console passwords this edit removes (`<graphics>` by `type#index`); the others are carried over. */
  dropGraphicsSecrets?: string[]
}

export interface ChangePlanBase {
  id: string
  hostId: string
  /** ISO time the plan was made. */
  createdAt: string
  files: PlannedFile[]
  commands: PlannedCommand[]
  /** What undo runs instead of re-running `commands` (e.g. `iptables -D` for each `iptables -I`). */
  undoCommands?: PlannedCommand[]
  /** Domain definitions replaced by the same change (a tuning or passthrough plan touches /etc and a VM as one). */
  domains?: PlannedDomainEdit[]
  rebootRequired: boolean
  /** Reasons the plan cannot be applied (e.g. running VMs, by name). Non-empty means apply refuses. */
  blockers: string[]
  notes: string[]
}

export interface FileBackup {
  path: string
  /** Where the original was copied on the host; null when the file did not exist before. */
  backupPath: string | null
  existedBefore: boolean
  /** SHA-256 of what was written, so undo notices later edits instead of overwriting them. */
  writtenSha256: string
}

/** A domain definition replaced by a change: the previous one is kept in the XML history. */
export interface DomainBackup {
  uuid: string
  name: string
  /** The XML history entry holding the definition before the change. */
  historyId: number
  /** SHA-256 of the definition as libvirt read it back after the change, so undo notices later edits. */
  definedSha256: string
  diff: string
  /** Console passwords the change removed (see PlannedDomainEdit): what verify looks at besides the definition. */
  dropGraphicsSecrets?: string[]
}

export const VERIFY_STATUSES = ['passed', 'failed', 'pending-reboot', 'unknown'] as const
export type VerifyStatus = (typeof VERIFY_STATUSES)[number]

/** One point a capability re-reads after a change ("kvm_intel nested=Y", "01:00.0 bound to vfio-pci"). */
export interface VerifyCheck {
  label: string
  /** null: cannot be told yet (e.g. before the reboot the change needs). */
  ok: boolean | null
  /** What was read, e.g. the file's content or the command's output. */
  evidence: string
}

export interface Verification {
  /** ISO time of the check. */
  at: string
  status: VerifyStatus
  checks: VerifyCheck[]
  /** The host's boot id when checked: a change that needs a reboot is pending until it differs from the one at apply. */
  bootId: string | null
}

export interface AppliedChange {
  id: string
  hostId: string
  planId: string
  /** How the capability made the change (e.g. modprobe, grub, xl, guest-cpu). */
  method: string
  backups: FileBackup[]
  domains?: DomainBackup[]
  /** The plan's commands; undo runs them again once the files are restored (module reload, GRUB regeneration). */
  commands: PlannedCommand[]
  /** From the plan: run by undo (and a failed apply's rollback) instead of `commands`. */
  undoCommands?: PlannedCommand[]
  /** ISO time. */
  appliedAt: string
  /** The host's boot id at apply (`/proc/sys/kernel/random/boot_id`); null when unreadable. */
  bootId?: string | null
  verification?: Verification
  result: { rebootRequired: boolean }
}

export const APPLY_STEPS = ['check', 'backup', 'write', 'define', 'command', 'verify', 'restore'] as const
export type ApplyStep = (typeof APPLY_STEPS)[number]

/** Compatible with the contract's `Progress` (message, fraction), plus the step. */
export interface ApplyProgress {
  step: ApplyStep
  message: string
  fraction: number
}

export interface UndoSummary {
  changeId: string
  /** Files put back from their backups. */
  restored: string[]
  /** Files that did not exist before the change and were removed. */
  removed: string[]
  /** Domains whose previous definition was defined again. */
  redefined: string[]
  verification?: Verification
}

/** A change as the Changes page, the capability panels and the CLI see it. */
export interface HostChangeRecord {
  id: string
  hostId: string
  /** The host's name now; the id when the host was removed. */
  hostName: string
  /** The capability that made it: nested, tuning, passthrough, … */
  capability: string
  method: string
  summary: string
  appliedAt: string
  undoneAt: string | null
  files: { path: string; diff: string; backupPath: string | null; existedBefore: boolean }[]
  domains: { name: string; uuid: string; diff: string; historyId: number }[]
  commands: PlannedCommand[]
  rebootRequired: boolean
  verification: Verification | null
  /** Where the originals of the files were copied on the host (one folder per change). */
  backupFolder: string | null
}

const id = z.string().min(1).max(64)
export const changesListInputSchema = z
  .object({ hostId: id.optional(), capability: z.string().min(1).max(32).optional() })
  .strict()
export const changeInputSchema = z.object({ changeId: id }).strict()
export const changeUndoInputSchema = z.object({ changeId: id, force: z.boolean().default(false) }).strict()
