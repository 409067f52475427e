import { parseArgs } from 'node:util'
import type { HostChangeRecord } from '@shared/changes.js'
import { AppError } from '@shared/errors.js'
import type { App } from '../main/app.js'
import { targetHost } from './checks.js'
import { confirmed } from './confirm.js'
import { call } from './hosts.js'
import type { Output } from './output.js'
import { table } from './output.js'

export const USAGE = `usage:
  virtdeck changes list [--host NAME] [--capability NAME] [--json]
  virtdeck changes show CHANGE_ID [--json]
  virtdeck changes verify CHANGE_ID [--json]
  virtdeck changes undo CHANGE_ID [--yes] [--force] [--json]

Every change VirtDeck made on every host (nested virtualization, tuning, passthrough, …): its files
and their backups, VM definitions, commands and last check. undo puts the files back from their
backups and the VM definitions from their XML history, and asks first (--yes: do not ask; --force:
also when something was edited since).`

function rows(changes: HostChangeRecord[]): string {
  return table(
    ['ID', 'HOST', 'CAPABILITY', 'APPLIED', 'STATE', 'CHANGE'],
    changes.map((c) => [
      c.id,
      c.hostName,
      c.capability,
      c.appliedAt,
      c.undoneAt === null ? (c.verification?.status ?? 'active') : `undone ${c.undoneAt}`,
      c.summary,
    ]),
  )
}

export function changeText(change: HostChangeRecord): string {
  const lines = [
    `${change.summary}`,
    `  id          ${change.id}`,
    `  host        ${change.hostName}`,
    `  capability  ${change.capability} (${change.method})`,
    `  applied     ${change.appliedAt}`,
    `  undone      ${change.undoneAt ?? 'no'}`,
    `  reboot      ${change.rebootRequired ? 'needed' : 'not needed'}`,
  ]
  if (change.backupFolder !== null) lines.push(`  backups     ${change.backupFolder}`)
  for (const file of change.files) {
    lines.push(
      '',
      `${file.path} (${file.existedBefore ? `backup ${file.backupPath ?? '?'}` : 'created by VirtDeck'})`,
    )
    if (file.diff !== '') lines.push(file.diff.replace(/\n$/, ''))
  }
  for (const domain of change.domains) {
    lines.push('', `VM ${domain.name} (previous definition: XML history #${domain.historyId})`)
    if (domain.diff !== '') lines.push(domain.diff.replace(/\n$/, ''))
  }
  if (change.commands.length > 0)
    lines.push('', 'Commands:', ...change.commands.map((c) => `  $ ${[c.file, ...c.args].join(' ')}`))
  if (change.verification !== null) {
    lines.push('', `Last check (${change.verification.at}): ${change.verification.status}`)
    for (const check of change.verification.checks)
      lines.push(
        `  ${check.ok === true ? 'ok  ' : check.ok === false ? 'FAIL' : '?   '} ${check.label} — ${check.evidence}`,
      )
  }
  return lines.join('\n')
}

export async function changesCommand(app: App, argv: string[], out: Output): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      host: { type: 'string' },
      capability: { type: 'string' },
      json: { type: 'boolean' },
      yes: { type: 'boolean', short: 'y' },
      force: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  const [sub, changeId] = positionals
  if (values.help === true || sub === 'help') {
    process.stdout.write(`${USAGE}\n`)
    return
  }
  const needId = (): string => {
    if (changeId === undefined)
      throw new AppError('INVALID_INPUT', `changes ${sub ?? ''}: name the change`, {
        detail: 'List them with: virtdeck changes list',
      })
    return changeId
  }
  switch (sub) {
    case 'list':
    case undefined: {
      const hostId = values.host === undefined ? undefined : targetHost(app, values.host).id
      const changes = await call(app, 'changes.list', {
        ...(hostId === undefined ? {} : { hostId }),
        ...(values.capability === undefined ? {} : { capability: values.capability }),
      })
      out.result(changes, () => (changes.length === 0 ? 'No changes.' : rows(changes)))
      return
    }
    case 'show': {
      const change = await call(app, 'changes.get', { changeId: needId() })
      out.result(change, () => changeText(change))
      return
    }
    case 'verify': {
      const change = await call(app, 'changes.verify', { changeId: needId() })
      out.result(change, () => changeText(change))
      return
    }
    case 'undo': {
      const change = await call(app, 'changes.get', { changeId: needId() })
      if (!out.json) process.stdout.write(`Undo:\n${changeText(change)}\n\n`)
      await confirmed(values.yes === true, 'Undo this change?')
      const result = await call(
        app,
        'changes.undo',
        { changeId: change.id, force: values.force === true },
        !out.json,
      )
      out.result(result, () => {
        const parts = [
          ...result.undo.restored.map((p) => `restored ${p}`),
          ...result.undo.removed.map((p) => `removed ${p}`),
          ...result.undo.redefined.map((n) => `VM ${n} defined as before`),
        ]
        return `Undone: ${parts.join('; ') || 'nothing to put back'}.${result.undo.verification === undefined ? '' : ` Check: ${result.undo.verification.status}.`}`
      })
      return
    }
    default:
      throw new AppError('INVALID_INPUT', `Unknown command: changes ${sub}`, { detail: USAGE })
  }
}
