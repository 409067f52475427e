import type { ChangePlanBase, HostChangeRecord } from '@shared/changes.js'
import { AppError } from '@shared/errors.js'
import type { App } from '../main/app.js'
import { confirmed } from './confirm.js'
import { call } from './hosts.js'
import type { Output } from './output.js'

/** A fix plan as the user reads it before confirming: the file diffs, the root commands, blockers, notes. */
export function fixPlanText(plan: ChangePlanBase): string {
  const lines: string[] = []
  for (const file of plan.files) lines.push(`Change ${file.path}:`, file.diff.trimEnd(), '')
  if (plan.commands.length > 0) {
    lines.push('Then, as root:')
    for (const c of plan.commands) lines.push(`  ${[c.file, ...c.args].join(' ')}    # ${c.why}`)
    lines.push('')
  }
  for (const blocker of plan.blockers) lines.push(`Cannot apply: ${blocker}`)
  for (const note of plan.notes) lines.push(`Note: ${note}`)
  return lines.join('\n').trimEnd()
}

function appliedText(change: HostChangeRecord): string {
  return [
    `Applied (change ${change.id}): ${change.summary}.`,
    `Check: ${change.verification?.status ?? 'not checked'}.`,
    `Undo with: virtdeck changes undo ${change.id}`,
  ].join('\n')
}

/** `docker fix-mtu` / `docker fix-forward` / `lxc fix-bridge`: print the plan, confirm (or --yes), apply through the change engine. */
export async function runContainerFix(
  app: App,
  out: Output,
  fix: 'docker-mtu' | 'lxc-bridge' | 'docker-forward',
  options: { hostId: string; yes: boolean },
): Promise<void> {
  const { hostId } = options
  const plan =
    fix === 'docker-mtu'
      ? await call(app, 'docker.mtuPlan', { hostId })
      : fix === 'docker-forward'
        ? await call(app, 'docker.forwardPlan', { hostId })
        : await call(app, 'lxc.bridgePlan', { hostId })
  if (plan.blockers.length > 0)
    throw new AppError('CONFLICT', `Nothing was changed: ${plan.blockers.join(' ')}`, {
      detail: fixPlanText(plan),
    })
  if (!out.json) process.stdout.write(`${fixPlanText(plan)}\n\n`)
  await confirmed(
    options.yes,
    fix === 'docker-mtu'
      ? 'Apply the MTU fix and restart Docker?'
      : fix === 'docker-forward'
        ? 'Add the DOCKER-USER rules?'
        : 'Apply the bridge fix?',
  )
  const change =
    fix === 'docker-mtu'
      ? await call(app, 'docker.mtuApply', { hostId, planId: plan.id }, !out.json)
      : fix === 'docker-forward'
        ? await call(app, 'docker.forwardApply', { hostId, planId: plan.id }, !out.json)
        : await call(app, 'lxc.bridgeApply', { hostId, planId: plan.id }, !out.json)
  out.result(change, () => appliedText(change))
}
