import type { VerifyCheck } from '@shared/changes.js'
import type { DockerForwardPlan } from '@shared/container-fixes.js'
import { readTextOrNull } from '../changes/host-files.js'
import type { Host } from '../host/host.js'
import { FORWARD_UNIT, FORWARD_UNIT_PATH } from './forward-unit.js'

/**
 * The FORWARD fix's persistence re-read: the unit file holds what the plan wrote (after undo: what
 * was there before — usually nothing) and systemd enables it (after undo: no longer, if the change enabled it).
 */
export async function verifyForwardUnit(
  host: Host,
  plan: Partial<DockerForwardPlan>,
  undone: boolean,
): Promise<VerifyCheck[]> {
  const checks: VerifyCheck[] = []
  const file = plan.files?.find((f) => f.path === FORWARD_UNIT_PATH)
  if (file !== undefined) {
    const text = await readTextOrNull(host, FORWARD_UNIT_PATH, {
      reason: `Read ${FORWARD_UNIT_PATH} to verify the FORWARD fix`,
    })
    const expected = undone ? file.before : file.after
    checks.push({
      label: undone
        ? file.before === null
          ? `${FORWARD_UNIT_PATH} is gone`
          : `${FORWARD_UNIT_PATH} is as before`
        : `${FORWARD_UNIT_PATH} re-inserts the rules at boot and on each Docker restart`,
      ok: text === expected,
      evidence: text ?? `${FORWARD_UNIT_PATH} does not exist`,
    })
  }
  if (plan.commands?.some((c) => c.file === 'systemctl' && c.args[0] === 'enable')) {
    const result = await host
      .exec('systemctl', ['is-enabled', FORWARD_UNIT])
      .catch(() => ({ code: 1, stdout: '', stderr: 'systemctl did not run' }))
    const state = (result.stdout.trim() || result.stderr.trim()).split('\n')[0] ?? ''
    const enabled = result.code === 0 && state === 'enabled'
    checks.push({
      label: undone ? `${FORWARD_UNIT} is not enabled` : `${FORWARD_UNIT} is enabled`,
      ok: undone ? !enabled : enabled,
      evidence: `systemctl is-enabled ${FORWARD_UNIT}: ${state || `exit ${String(result.code)}`}`,
    })
  }
  return checks
}
