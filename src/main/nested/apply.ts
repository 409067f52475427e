import type { Host } from '../host/host.js'
import type { ApplyProgress, Verification } from '@shared/changes.js'
import type { ChangePlan, NestedAppliedChange, NestedState, UndoResult } from '@shared/nested.js'
import { applyChange } from '../changes/apply.js'
import { readBootId } from '../changes/steps.js'
import { undoAppliedChange } from '../changes/undo.js'
import { nestedParamPath, readNestedAt } from './kvm-module.js'

/**
 * Nested virtualization on the change engine (src/main/changes/): the plan is applied and undone
 * by the engine; this file adds what only nested knows — the kernel's `nested` parameter, re-read
 * as the verify step, and the result shape the Nested panel and CLI show.
 */

export interface ApplyOptions {
  /** Root of the backup folders on the host. Default /var/lib/virtdeck/backups. */
  backupDir?: string
  onProgress?: (progress: ApplyProgress) => void
  /** Honoured until the first file is written; after that the change completes or rolls back, never stops half-way. */
  signal?: AbortSignal
  /** Keeps the applied change (the store's job); awaited before applyPlan returns. */
  record?: (change: NestedAppliedChange) => void | Promise<void>
  now?: () => Date
  newId?: () => string
}

export interface UndoOptions {
  onProgress?: (progress: ApplyProgress) => void
  /** Restore even when a file was edited after the change was applied (the edit is lost). */
  force?: boolean
}

function paramPathOf(plan: ChangePlan): string | null {
  return plan.method === 'xl' ? null : nestedParamPath(plan.vendor)
}

/**
 * The verify step of a nested change: the parameter the change was meant to turn on. A GRUB change
 * counts only after a reboot (the boot id tells); a Xen guest config is checked by its file.
 */
export async function verifyNested(
  host: Host,
  change: { appliedAt: string; bootId?: string | null; method: string; result: { rebootRequired: boolean } },
  paramPath: string | null,
  undone = false,
): Promise<Verification & { nestedNow: NestedState }> {
  const at = new Date().toISOString()
  const bootId = await readBootId(host)
  const nestedNow = await readNestedAt(host, paramPath)
  if (paramPath === null) return { at, bootId, nestedNow, status: 'unknown', checks: [] }
  const wanted = undone ? 'N' : 'Y'
  const rebootPending =
    !undone && change.result.rebootRequired && (bootId === null || bootId === (change.bootId ?? null))
  const ok = nestedNow === 'unknown' ? null : nestedNow === wanted
  return {
    at,
    bootId,
    nestedNow,
    status: ok === true ? 'passed' : rebootPending ? 'pending-reboot' : ok === false ? 'failed' : 'unknown',
    checks: [
      {
        label: `${paramPath} reads ${wanted === 'Y' ? 'Y (nested on)' : 'N (nested off)'}`,
        ok: ok === false && rebootPending ? null : ok,
        evidence:
          nestedNow === 'unknown'
            ? `${paramPath} could not be read (module not loaded?)`
            : `${paramPath}: ${nestedNow}`,
      },
    ],
  }
}

/** Applies a nested plan through the change engine and re-reads the nested parameter. */
export async function applyPlan(
  host: Host,
  plan: ChangePlan,
  options: ApplyOptions = {},
): Promise<NestedAppliedChange> {
  const paramPath = paramPathOf(plan)
  let nestedNow: NestedState = 'unknown'
  const base = await applyChange(host, plan, {
    method: plan.method,
    verify: async (h, change) => {
      const verification = await verifyNested(h, change, paramPath)
      nestedNow = verification.nestedNow
      const { nestedNow: _ignored, ...rest } = verification
      return rest
    },
    ...(options.backupDir === undefined ? {} : { backupDir: options.backupDir }),
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.newId === undefined ? {} : { newId: options.newId }),
  })
  const change: NestedAppliedChange = {
    ...base,
    method: plan.method,
    nestedParamPath: paramPath,
    result: { nestedNow, rebootRequired: plan.rebootRequired },
  }
  await options.record?.(change)
  options.onProgress?.({ step: 'verify', message: 'Done', fraction: 1 })
  return change
}

/**
 * Undoes a nested change through the change engine: refuses with CONFLICT when a file was edited
 * after the change (unless `force`), restores, re-runs the commands, re-reads the parameter.
 */
export async function undoChange(
  host: Host,
  change: NestedAppliedChange,
  options: UndoOptions = {},
): Promise<UndoResult> {
  const summary = await undoAppliedChange(host, change, {
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    ...(options.force === undefined ? {} : { force: options.force }),
  })
  options.onProgress?.({ step: 'verify', message: 'Reading the nested parameter again…', fraction: 0.9 })
  const nestedNow = await readNestedAt(host, change.nestedParamPath)
  options.onProgress?.({ step: 'verify', message: 'Done', fraction: 1 })
  return {
    changeId: summary.changeId,
    restored: summary.restored,
    removed: summary.removed,
    nestedNow,
    rebootRequired: change.result.rebootRequired,
  }
}
