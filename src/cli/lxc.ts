import { parseArgs } from 'node:util'
import type { LxcAction, LxcContainer } from '@shared/containers.js'
import { AppError } from '@shared/errors.js'
import type { App } from '../main/app.js'
import { targetHost } from './checks.js'
import { call } from './hosts.js'
import { runContainerFix } from './container-fixes.js'
import type { Output } from './output.js'
import { table } from './output.js'
import { confirmOrStop, formatBytes } from './vm-common.js'

export const USAGE = `usage:
  virtdeck lxc list [--host NAME] [--json]
  virtdeck lxc info|start|stop|kill|freeze|unfreeze NAME [--host NAME] [--json]
  virtdeck lxc destroy NAME [--yes] [--host NAME] [--json]
  virtdeck lxc templates [--host NAME] [--json]
  virtdeck lxc fix-bridge [--yes] [--host NAME] [--json]   (lxc.net.0.link = virbr0 in /etc/lxc/default.conf)

LXC commands run as root (sudo asks for the password when VirtDeck does not run as root).`

const ACTIONS: readonly LxcAction[] = ['start', 'stop', 'kill', 'freeze', 'unfreeze', 'destroy']

function rows(list: LxcContainer[]): string {
  if (list.length === 0) return 'No LXC containers.'
  return table(
    ['NAME', 'STATE', 'IPV4', 'AUTOSTART', 'MEMORY'],
    list.map((c) => [
      c.name,
      c.state,
      c.ipv4.join(', ') || '-',
      c.autostart ? 'yes' : 'no',
      c.memoryBytes === undefined ? '-' : formatBytes(c.memoryBytes),
    ]),
  )
}

export async function lxcCommand(app: App, argv: string[], out: Output): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { host: { type: 'string' }, json: { type: 'boolean' }, yes: { type: 'boolean', short: 'y' } },
  })
  const [sub, name] = positionals
  const hostId = targetHost(app, values.host).id
  const needName = (): string => {
    if (name === undefined)
      throw new AppError('INVALID_INPUT', `lxc ${sub ?? ''}: name the container`, { detail: USAGE })
    return name
  }
  if (sub === 'fix-bridge')
    return runContainerFix(app, out, 'lxc-bridge', { hostId, yes: values.yes === true })
  if (sub === 'list') {
    const list = await call(app, 'lxc.list', { hostId })
    out.result(list, () => rows(list))
    return
  }
  if (sub === 'templates') {
    const templates = await call(app, 'lxc.templates', { hostId })
    out.result(templates, () =>
      table(
        ['TEMPLATE', 'NETWORK', 'OPTIONS'],
        templates.map((t) => [
          t.name,
          t.needsNetwork ? 'needs the network' : 'offline',
          String(t.options.length),
        ]),
      ),
    )
    return
  }
  if (sub === 'info') {
    const info = await call(app, 'lxc.info', { hostId, name: needName() })
    out.result(info, () => rows([info]))
    return
  }
  const action = ACTIONS.find((a) => a === sub)
  if (action === undefined)
    throw new AppError('INVALID_INPUT', `lxc: unknown subcommand ${sub ?? '(none)'}`, { detail: USAGE })
  const target = needName()
  if (action === 'destroy')
    await confirmOrStop(values.yes === true, `Destroy the LXC container ${target} and its root filesystem?`)
  const result = await call(app, 'lxc.action', { hostId, name: target, action })
  if (result.failure !== undefined) {
    const fix = result.failure.fix
    throw new AppError('COMMAND_FAILED', `${target} did not start: ${result.failure.explanation}`, {
      detail: [
        ...result.failure.logExcerpt,
        ...(fix === undefined ? [] : [`Fix: ${fix.key} = ${fix.value} in ${fix.path}`, ...fix.alternatives]),
      ].join('\n'),
      data: { failure: result.failure },
    })
  }
  out.result(result, () => `${target}: ${result.container?.state ?? 'destroyed'}`)
}
