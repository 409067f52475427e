import { parseArgs } from 'node:util'
import type { HostChangeRecord } from '@shared/changes.js'
import type { NestedStatus } from '@shared/nested.js'
import { AppError } from '@shared/errors.js'
import type { HostView } from '@shared/hosts.js'
import { NESTED_METHODS } from '@shared/nested.js'
import type { NestedMethod, NestedPlan, NestedSettingSource } from '@shared/nested.js'
import type { App } from '../main/app.js'
import { targetHost } from './checks.js'
import { call } from './hosts.js'
import type { Output } from './output.js'
import { table } from './output.js'
import { confirmed } from './confirm.js'

export const USAGE = `usage:
  virtdeck nested status [--host NAME] [--json]
  virtdeck nested enable --method modprobe|grub [--host NAME] [--yes] [--json]
  virtdeck nested changes [--host NAME] [--json]
  virtdeck nested undo [CHANGE_ID] [--host NAME] [--yes] [--force] [--json]

enable shows the exact file diffs and commands, then asks before changing anything (--yes: do not
ask). undo restores the backups of a change (the last one not undone yet by default).`

function yesNo(value: boolean | null): string {
  return value === null ? 'not set' : value ? 'on' : 'off'
}

function sourceText(source: NestedSettingSource): string {
  const where = source.line === undefined ? source.path : `${source.path}:${source.line}`
  return `${where}  ${source.text}  (${source.enabled ? 'on' : 'off'})`
}

export function statusText(host: HostView, status: NestedStatus): string {
  const cpu =
    status.vendor === null
      ? `not Intel/AMD (${status.vendorProblem ?? 'unknown'})`
      : `${status.vendor === 'intel' ? 'Intel' : 'AMD'} (${status.module ?? ''}, ${status.moduleLoaded ? 'loaded' : 'not loaded'})`
  const running =
    status.runningVms === null
      ? `could not list (${status.runningVmsError ?? 'unknown'})`
      : status.runningVms.length === 0
        ? 'none'
        : status.runningVms.join(', ')
  const xen = status.xen.isXen
    ? `Xen ${status.xen.version ?? ''}${status.xen.dom0 === true ? ', dom0' : ''}; guest configs: ${status.xen.guestConfigs.join(', ') || 'none'}`
    : 'not a Xen host'
  const lines = [
    `${host.name}: nested virtualization`,
    `  CPU          ${cpu}`,
    `  Nested now   ${status.nestedNow === 'Y' ? 'on (Y)' : status.nestedNow === 'N' ? 'off (N)' : 'unknown (module not loaded)'}`,
    `  Persistent   ${yesNo(status.persistentEnabled)}`,
    ...status.persistent.map((source) => `               ${sourceText(source)}`),
    `  Bootloader   ${status.bootloader === null ? 'unknown' : status.bootloader.kind}${status.bootloader?.regenerate ? ` (${[status.bootloader.regenerate.file, ...status.bootloader.regenerate.args].join(' ')})` : ''}`,
    `  Running VMs  ${running}`,
    `  Xen          ${xen}`,
  ]
  if (status.otherKvmModules.length > 0)
    lines.push(`  KVM also by  ${status.otherKvmModules.join(', ')} (no nested setting of its own)`)
  return lines.join('\n')
}

export function planText(host: HostView, plan: NestedPlan): string {
  const lines = [
    `Enable nested KVM on ${host.name} with the ${plan.method === 'grub' ? 'bootloader (GRUB)' : 'modprobe'} method (${plan.vendor === 'intel' ? 'Intel' : 'AMD'}):`,
    '',
  ]
  if (plan.files.length === 0) lines.push('Files: none change.')
  for (const file of plan.files)
    lines.push(`File ${file.path}${file.before === null ? ' (new)' : ''}:`, file.diff.trimEnd(), '')
  if (plan.commands.length > 0) {
    lines.push('Commands, run as root:')
    for (const command of plan.commands)
      lines.push(`  $ ${[command.file, ...command.args].join(' ')}    # ${command.why}`)
    lines.push('')
  }
  for (const note of plan.notes) lines.push(`Note: ${note}`)
  for (const blocker of plan.blockers) lines.push(`BLOCKED: ${blocker}`)
  lines.push(`Reboot required: ${plan.rebootRequired ? 'yes' : 'no'}`)
  return lines.join('\n')
}

function changeRows(changes: HostChangeRecord[]): string {
  return table(
    ['ID', 'APPLIED', 'UNDONE', 'CHANGE'],
    changes.map((change) => [change.id, change.appliedAt, change.undoneAt ?? '-', change.summary]),
  )
}

export async function nestedCommand(app: App, argv: string[], out: Output): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      host: { type: 'string' },
      method: { type: 'string' },
      json: { type: 'boolean' },
      yes: { type: 'boolean', short: 'y' },
      force: { type: 'boolean' },
    },
  })
  const [sub, changeArg] = positionals
  const host = targetHost(app, values.host)
  const yes = values.yes === true
  switch (sub) {
    case 'status': {
      const status = await call(app, 'nested.status', { hostId: host.id })
      out.result(status, () => statusText(host, status))
      return
    }
    case 'enable': {
      const method = values.method
      if (!(NESTED_METHODS as readonly string[]).includes(method ?? ''))
        throw new AppError('INVALID_INPUT', 'nested enable: say --method modprobe or --method grub', {
          detail: USAGE,
        })
      const plan = await call(app, 'nested.plan', { hostId: host.id, method: method as NestedMethod })
      if (!out.json) process.stdout.write(`${planText(host, plan)}\n\n`)
      if (plan.blockers.length > 0)
        throw new AppError('CONFLICT', `Cannot enable nested KVM now: ${plan.blockers[0] ?? ''}`, {
          data: { plan },
        })
      if (plan.files.length === 0 && plan.commands.length === 0) {
        out.result({ plan, applied: null }, () => 'Nothing to change.')
        return
      }
      await confirmed(yes, 'Apply these changes?')
      const result = await call(app, 'nested.apply', { hostId: host.id, planId: plan.id }, !out.json)
      out.result({ plan, ...result }, () =>
        [
          `Applied (change ${result.change.id}). Nested now: ${result.status.nestedNow}. Reboot required: ${result.change.rebootRequired ? 'yes' : 'no'}.`,
          `Undo with: virtdeck nested undo ${result.change.id}${values.host === undefined ? '' : ` --host "${host.name}"`}`,
        ].join('\n'),
      )
      return
    }
    case 'changes': {
      const changes = await call(app, 'nested.changes', { hostId: host.id })
      out.result(changes, () => (changes.length === 0 ? `No changes on ${host.name}.` : changeRows(changes)))
      return
    }
    case 'undo': {
      const changes = await call(app, 'nested.changes', { hostId: host.id })
      const change =
        changeArg === undefined
          ? changes.find((c) => c.undoneAt === null)
          : changes.find((c) => c.id === changeArg)
      if (change === undefined)
        throw new AppError(
          'NOT_FOUND',
          changeArg === undefined
            ? `No change to undo on ${host.name}.`
            : `No change ${changeArg} on ${host.name}.`,
          {
            detail: 'List them with: virtdeck nested changes',
          },
        )
      if (!out.json) {
        const files = change.files.map((f) =>
          f.existedBefore
            ? `  restore ${f.path} from ${f.backupPath ?? '?'}`
            : `  remove ${f.path} (it did not exist before)`,
        )
        const commands = change.commands.map((c) => `  $ ${[c.file, ...c.args].join(' ')}`)
        process.stdout.write(
          `Undo "${change.summary}" (${change.id}, applied ${change.appliedAt}):\n${[...files, ...commands].join('\n')}\n\n`,
        )
      }
      await confirmed(yes, 'Undo this change?')
      const result = await call(
        app,
        'nested.undo',
        { hostId: host.id, changeId: change.id, force: values.force === true },
        !out.json,
      )
      out.result(
        result,
        () =>
          `Undone. Nested now: ${result.status.nestedNow}.${result.undo.rebootRequired ? ' Reboot for the kernel command line to change.' : ''}`,
      )
      return
    }
    default:
      throw new AppError('INVALID_INPUT', sub ? `Unknown command: nested ${sub}` : 'nested: say what to do', {
        detail: USAGE,
      })
  }
}
