import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import type { VagrantAction, VagrantProject, VagrantRunResult } from '@shared/vagrant-contract.js'
import { VAGRANT_ACTIONS } from '@shared/vagrant-contract.js'
import { PROVIDERS } from '@shared/vagrant.js'
import type { VagrantProvider } from '@shared/vagrant.js'
import { AppError } from '@shared/errors.js'
import type { App } from '../main/app.js'
import { targetHost } from './checks.js'
import { call } from './hosts.js'
import type { Output } from './output.js'
import { table } from './output.js'
import { confirmOrStop } from './vm-common.js'
import { BOX_USAGE, vagrantBoxCommand } from './vagrant-box.js'

export const USAGE = `usage:
  virtdeck vagrant info [--host NAME] [--json]
  virtdeck vagrant projects [--json]
  virtdeck vagrant add PATH [--name NAME] [--host NAME] [--json]
  virtdeck vagrant remove PROJECT [--json]
  virtdeck vagrant validate|status PROJECT [--host NAME] [--json]
  virtdeck vagrant up PROJECT [MACHINE…] [--provider libvirt|docker|virtualbox] [--[no-]parallel]
                            [--[no-]destroy-on-error] [--host NAME] [--json]
  virtdeck vagrant halt|reload|provision|suspend|resume PROJECT [MACHINE…] [--host NAME] [--json]
  virtdeck vagrant destroy PROJECT [MACHINE…] [--yes] [--host NAME] [--json]
  virtdeck vagrant plugin-install PLUGIN [--host NAME] [--json]
${BOX_USAGE}

PROJECT is a project's name, id or folder (on --host, default This computer). Vagrant's output
streams to stderr as it runs; Ctrl-C stops it and says what state the machines may be in.
destroy asks first (--yes: do not ask) and always runs \`vagrant destroy -f\`.`

function findProject(app: App, ref: string | undefined, hostId: string): VagrantProject {
  if (ref === undefined) throw new AppError('INVALID_INPUT', 'Name the project.', { detail: USAGE })
  const projects = app.vagrant.projects()
  const path = ref.startsWith('/') || ref.startsWith('.') ? resolve(ref).replace(/\/+$/, '') : undefined
  const found =
    projects.find((p) => p.id === ref) ??
    projects.find((p) => p.hostId === hostId && (p.path === path || p.path === ref)) ??
    projects.find((p) => p.hostId === hostId && p.name === ref) ??
    projects.find((p) => p.name === ref)
  if (found === undefined)
    throw new AppError('NOT_FOUND', `No Vagrant project is called “${ref}”.`, {
      detail: 'List them with: virtdeck vagrant projects; add a folder with: virtdeck vagrant add PATH',
    })
  return found
}

function runText(r: VagrantRunResult): string {
  const lines = [
    `${r.action}: ${r.ok ? 'done' : r.cancelled ? 'cancelled' : 'failed'} in ${(r.durationMs / 1000).toFixed(1)} s`,
  ]
  if (r.error !== undefined) lines.push(r.error.message)
  if (r.cancelNote !== undefined) lines.push(r.cancelNote)
  if (r.machines.length > 0)
    lines.push(
      table(
        ['MACHINE', 'PROVIDER', 'STATE'],
        r.machines.map((m) => [m.name, m.provider ?? '-', m.stateShort ?? m.state ?? '-']),
      ),
    )
  return lines.join('\n')
}

export async function vagrantCommand(app: App, argv: string[], out: Output): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      host: { type: 'string' },
      json: { type: 'boolean' },
      yes: { type: 'boolean', short: 'y' },
      name: { type: 'string' },
      provider: { type: 'string' },
      parallel: { type: 'boolean' },
      'no-parallel': { type: 'boolean' },
      'destroy-on-error': { type: 'boolean' },
      'no-destroy-on-error': { type: 'boolean' },
      force: { type: 'boolean' },
      'box-version': { type: 'string' },
    },
  })
  const [sub, ref, ...rest] = positionals
  const host = targetHost(app, values.host)
  switch (sub) {
    case 'info': {
      const info = await call(app, 'vagrant.detect', { hostId: host.id })
      out.result(info, () =>
        info.installed
          ? [
              `Vagrant ${info.version ?? '?'} on ${host.name}`,
              ...info.plugins.map((p) => `  ${p.name} ${p.version}${p.scope ? ` (${p.scope})` : ''}`),
              ...(info.problem ? [info.problem] : []),
            ].join('\n')
          : (info.problem ?? 'Vagrant is not installed'),
      )
      return
    }
    case 'projects': {
      const projects = await call(app, 'vagrant.projects', {})
      const names = new Map(app.hosts.list().map((h) => [h.id, h.name]))
      out.result(projects, () =>
        projects.length === 0
          ? 'No Vagrant projects yet: virtdeck vagrant add PATH'
          : table(
              ['NAME', 'HOST', 'PATH', 'ID'],
              projects.map((p) => [p.name, names.get(p.hostId) ?? p.hostId, p.path, p.id]),
            ),
      )
      return
    }
    case 'add': {
      if (ref === undefined)
        throw new AppError('INVALID_INPUT', 'Name the folder holding the Vagrantfile.', { detail: USAGE })
      const path = host.kind === 'local' ? resolve(ref) : ref
      const project = await call(app, 'vagrant.add', {
        hostId: host.id,
        path,
        ...(values.name ? { name: values.name } : {}),
      })
      out.result(project, () => `Added ${project.name} (${project.path})`)
      return
    }
    case 'remove': {
      const project = findProject(app, ref, host.id)
      const r = await call(app, 'vagrant.remove', { projectId: project.id })
      out.result(r, () => `Removed ${project.name} from the list (its folder is untouched)`)
      return
    }
    case 'validate': {
      const project = findProject(app, ref, host.id)
      const v = await call(app, 'vagrant.validate', { projectId: project.id })
      out.result(v, () =>
        [
          v.ok ? `${project.name}: the Vagrantfile is valid` : `${project.name}: the Vagrantfile has errors`,
          ...v.messages
            .filter((m) => m.level !== 'info' || !v.ok)
            .map((m) => `${m.machine ? `[${m.machine}] ` : ''}${m.text.trimEnd()}`),
          ...v.warnings.map((w) => `warning: ${w}`),
          ...v.preflight.map((c) => `${c.ok ? 'ok' : 'problem'}: ${c.message}`),
        ].join('\n'),
      )
      if (!v.ok) process.exitCode = 1
      return
    }
    case 'status': {
      const project = findProject(app, ref, host.id)
      const machines = await call(app, 'vagrant.status', { projectId: project.id })
      out.result(machines, () =>
        table(
          ['MACHINE', 'PROVIDER', 'STATE'],
          machines.map((m) => [m.name, m.provider ?? '-', m.stateShort ?? m.state ?? '-']),
        ),
      )
      return
    }
    case 'box':
      return vagrantBoxCommand(app, [ref, ...rest], values, host, out, streamed)
    case 'plugin-install': {
      if (ref === undefined) throw new AppError('INVALID_INPUT', 'Name the plugin.', { detail: USAGE })
      const r = await streamed(app, 'vagrant.pluginInstall', { hostId: host.id, plugin: ref }, out)
      out.result(r, () =>
        r.installed ? `Installed ${r.plugin}` : `Could not install ${r.plugin}. ${r.explanation ?? ''}`,
      )
      if (!r.installed) process.exitCode = 1
      return
    }
    default:
      if (sub !== undefined && (VAGRANT_ACTIONS as readonly string[]).includes(sub)) {
        const action = sub as VagrantAction
        const project = findProject(app, ref, host.id)
        if (values.provider !== undefined && !(PROVIDERS as readonly string[]).includes(values.provider))
          throw new AppError('INVALID_INPUT', `Unknown provider ${values.provider}`, {
            detail: `One of: ${PROVIDERS.join(', ')}`,
          })
        if (action === 'destroy')
          await confirmOrStop(
            values.yes === true,
            `Destroy ${rest.length > 0 ? rest.join(', ') : 'every machine'} of ${project.name}? [y/N] `,
          )
        const r = await streamed(
          app,
          'vagrant.run',
          {
            projectId: project.id,
            action,
            machines: rest,
            ...(values.provider === undefined ? {} : { provider: values.provider as VagrantProvider }),
            ...(values.parallel ? { parallel: true } : values['no-parallel'] ? { parallel: false } : {}),
            ...(values['destroy-on-error']
              ? { destroyOnError: true }
              : values['no-destroy-on-error']
                ? { destroyOnError: false }
                : {}),
          },
          out,
        )
        out.result(r, () => runText(r))
        if (!r.ok) process.exitCode = 1
        return
      }
      throw new AppError(
        'INVALID_INPUT',
        sub === undefined ? 'Say what to do.' : `Unknown vagrant command: ${sub}`,
        {
          detail: USAGE,
        },
      )
  }
}

/** A streaming call: Vagrant's lines on stderr as they come, Ctrl-C cancels (once). */
export async function streamed<C extends 'vagrant.run' | 'vagrant.pluginInstall' | 'vagrant.boxAdd'>(
  app: App,
  channel: C,
  input: Parameters<typeof call<C>>[2],
  out: Output,
): Promise<Awaited<ReturnType<typeof call<C>>>> {
  const opId = `cli-${Date.now()}`
  const onInt = (): void => {
    process.stderr.write('virtdeck: stopping Vagrant (its cleanup may take a few seconds)…\n')
    app.router.cancel(opId)
  }
  process.once('SIGINT', onInt)
  try {
    const envelope = await app.router.handle(
      { channel, input, opId },
      { sendProgress: (_id, p) => (out.json ? undefined : process.stderr.write(`${p.message}\n`)) },
    )
    if (!envelope.ok) throw AppError.fromPayload(envelope.error)
    return envelope.value as Awaited<ReturnType<typeof call<C>>>
  } finally {
    process.removeListener('SIGINT', onInt)
  }
}
