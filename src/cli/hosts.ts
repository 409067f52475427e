import { parseArgs } from 'node:util'
import type { Channel, InputOf, OutputOf } from '@shared/contract.js'
import { AppError } from '@shared/errors.js'
import type { HostInput, HostTestReport, HostView } from '@shared/hosts.js'
import type { App } from '../main/app.js'
import type { Output } from './output.js'
import { table } from './output.js'

/** Calls a channel through the router, so the CLI gets the same validation as the app. */
export async function call<C extends Channel>(
  app: App,
  channel: C,
  input: InputOf<C>,
  verbose = false,
): Promise<OutputOf<C>> {
  const envelope = await app.router.handle(
    { channel, input, opId: `cli-${Date.now()}` },
    { sendProgress: (_id, p) => (verbose ? process.stderr.write(`… ${p.message}\n`) : undefined) },
  )
  if (!envelope.ok) throw AppError.fromPayload(envelope.error)
  return envelope.value as OutputOf<C>
}

function describeState(host: HostView): string {
  return host.state.status + (host.state.reason ? ` (${host.state.reason})` : '')
}

function where(host: HostView): string {
  return host.kind === 'local' ? 'local' : `${host.username ?? ''}@${host.hostname ?? ''}:${host.port ?? 22}`
}

function reportText(host: HostView, report: HostTestReport): string {
  const lines = [
    `${host.name}: connected in ${report.latencyMs} ms`,
    `  machine   ${report.hostname}`,
    `  system    ${report.os}, kernel ${report.kernel}`,
    `  libvirt   ${report.libvirtVersion ?? 'not reachable'} (${report.libvirtUri})`,
    `  QEMU      ${report.qemuVersion ?? 'not found'}`,
  ]
  if (report.libvirtProblem) lines.push(`  problem   ${report.libvirtProblem}`)
  if (report.suggestedUri) lines.push(`  try       virtdeck hosts add … --uri ${report.suggestedUri}`)
  return lines.join('\n')
}

export const USAGE = `usage:
  virtdeck hosts list [--json]
  virtdeck hosts add NAME --ssh USER@ADDRESS [--port N] [--auth agent|key] [--key PATH] [--uri URI] [--json]
  virtdeck hosts add NAME --local [--uri URI] [--json]
  virtdeck hosts remove NAME [--json]
  virtdeck hosts test NAME [--accept-key SHA256:…] [--json]`

export async function hostsCommand(app: App, argv: string[], out: Output): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean' },
      ssh: { type: 'string' },
      local: { type: 'boolean' },
      port: { type: 'string' },
      auth: { type: 'string' },
      key: { type: 'string' },
      uri: { type: 'string' },
      'accept-key': { type: 'string' },
      verbose: { type: 'boolean', short: 'v' },
    },
  })
  const [sub, name] = positionals
  const needName = (): string => {
    if (!name) throw new AppError('INVALID_INPUT', `hosts ${sub ?? ''}: name the host`, { detail: USAGE })
    return name
  }
  switch (sub) {
    case 'list': {
      const hosts = await call(app, 'hosts.list', {})
      out.result(hosts, () =>
        table(
          ['NAME', 'KIND', 'WHERE', 'LIBVIRT URI', 'STATE'],
          hosts.map((h) => [h.name, h.kind, where(h), h.libvirtUri, describeState(h)]),
        ),
      )
      return
    }
    case 'add': {
      const hostName = needName()
      let input: HostInput
      if (values.ssh !== undefined) {
        const match = /^(?:([^@]+)@)?(.+?)(?::(\d+))?$/.exec(values.ssh)
        const auth = (values.auth ?? (values.key ? 'key' : 'agent')) as 'agent' | 'key' | 'password'
        input = {
          kind: 'ssh',
          name: hostName,
          hostname: match?.[2] ?? values.ssh,
          port: Number(values.port ?? match?.[3] ?? 22),
          username: match?.[1] ?? process.env['USER'] ?? 'root',
          auth,
          ...(values.key ? { keyPath: values.key } : {}),
          ...(values.uri ? { libvirtUri: values.uri } : {}),
        }
      } else if (values.local) {
        input = { kind: 'local', name: hostName, ...(values.uri ? { libvirtUri: values.uri } : {}) }
      } else {
        throw new AppError('INVALID_INPUT', 'hosts add: say --ssh USER@ADDRESS or --local', { detail: USAGE })
      }
      const host = await call(app, 'hosts.add', input)
      out.result(host, () => `Added ${host.name} (${where(host)}).`)
      return
    }
    case 'remove': {
      const host = app.hosts.resolve(needName())
      await call(app, 'hosts.remove', { id: host.id })
      out.result({ removed: host.name }, () => `Removed ${host.name}.`)
      return
    }
    case 'test': {
      const host = app.hosts.resolve(needName())
      const accept = values['accept-key']
      try {
        const report = await call(app, 'hosts.test', { id: host.id }, values.verbose === true)
        out.result({ host: host.name, ...report }, () => reportText(host, report))
      } catch (error) {
        const data = error instanceof AppError ? error.data : undefined
        if (error instanceof AppError && error.code === 'HOST_KEY_UNKNOWN' && data && accept !== undefined) {
          if (accept !== data['fingerprint']) {
            throw new AppError(
              'HOST_KEY_UNKNOWN',
              `The host key of ${host.name} is ${String(data['fingerprint'])}, not ${accept}; nothing was accepted.`,
            )
          }
          await call(app, 'hosts.acceptKey', {
            address: String(data['address']),
            keyType: String(data['keyType']),
            fingerprint: accept,
          })
          out.info(`Accepted ${String(data['keyType'])} key ${accept} for ${String(data['address'])}.`)
          await app.registry.drop(host.id)
          const report = await call(app, 'hosts.test', { id: host.id }, values.verbose === true)
          out.result({ host: host.name, ...report }, () => reportText(host, report))
          return
        }
        if (error instanceof AppError && error.code === 'HOST_KEY_UNKNOWN' && data) {
          throw new AppError(
            'HOST_KEY_UNKNOWN',
            `The host key of ${host.name} is not known yet: ${String(data['keyType'])} ${String(data['fingerprint'])}.`,
            {
              detail: `Check it on the machine (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub), then run: virtdeck hosts test "${host.name}" --accept-key ${String(data['fingerprint'])}`,
              data,
            },
          )
        }
        throw error
      }
      return
    }
    default:
      throw new AppError('INVALID_INPUT', sub ? `Unknown command: hosts ${sub}` : 'hosts: say what to do', {
        detail: USAGE,
      })
  }
}
