import type { Host } from '../host/host.js'
import type { Verification, VerifyCheck, VerifyStatus } from '@shared/changes.js'
import { readBootId } from './steps.js'

/**
 * The verdict of a capability's verify step from its checks: passed when every check holds;
 * pending a reboot while a change that needs one still runs on the same boot (the kernel's boot id
 * is the same as at apply); failed otherwise; unknown when nothing could be read.
 */
export function judge(
  checks: readonly VerifyCheck[],
  context: { rebootRequired: boolean; bootIdAtApply: string | null | undefined; bootIdNow: string | null },
): VerifyStatus {
  if (checks.length === 0 || checks.every((check) => check.ok === null)) {
    return context.rebootRequired && sameBoot(context) ? 'pending-reboot' : 'unknown'
  }
  if (checks.every((check) => check.ok === true)) return 'passed'
  if (context.rebootRequired && sameBoot(context)) return 'pending-reboot'
  return 'failed'
}

function sameBoot(context: { bootIdAtApply: string | null | undefined; bootIdNow: string | null }): boolean {
  return context.bootIdNow === null || context.bootIdNow === (context.bootIdAtApply ?? null)
}

/** Runs checks on the host and judges them against the change's boot, for capabilities' verify hooks. */
export async function verification(
  host: Host,
  change: { bootId?: string | null; result: { rebootRequired: boolean } },
  checks: readonly VerifyCheck[],
): Promise<Verification> {
  const bootId = await readBootId(host)
  return {
    at: new Date().toISOString(),
    bootId,
    checks: [...checks],
    status: judge(checks, {
      rebootRequired: change.result.rebootRequired,
      bootIdAtApply: change.bootId,
      bootIdNow: bootId,
    }),
  }
}
