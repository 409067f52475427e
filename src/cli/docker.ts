import { parseArgs } from 'node:util'
import type { ContainerSummary, DockerAction, PortBinding } from '@shared/containers.js'
import { AppError } from '@shared/errors.js'
import type { App } from '../main/app.js'
import { targetHost } from './checks.js'
import { call } from './hosts.js'
import { runContainerFix } from './container-fixes.js'
import type { Output } from './output.js'
import { table } from './output.js'
import { confirmOrStop, formatBytes } from './vm-common.js'

export const USAGE = `usage:
  virtdeck docker ps [--host NAME] [--json]
  virtdeck docker start|stop|restart|pause|unpause|kill ID|NAME [--host NAME] [--json]
  virtdeck docker rm ID|NAME [--force] [--yes] [--host NAME] [--json]
  virtdeck docker logs ID|NAME [--tail N] [--search TEXT] [--follow] [--host NAME] [--json]
  virtdeck docker images [--host NAME] [--json]
  virtdeck docker status [--host NAME] [--json]
  virtdeck docker fix-mtu [--yes] [--host NAME] [--json]
  virtdeck docker fix-forward [--yes] [--host NAME] [--json]   DOCKER-USER accepts for the libvirt bridges

Over SSH (--host) Docker is reached on the host's one SSH connection (a forward to
/var/run/docker.sock): the SSH user needs access to the socket (the docker group).`

const ACTIONS: readonly DockerAction[] = ['start', 'stop', 'restart', 'pause', 'unpause', 'kill']

function ports(list: PortBinding[]): string {
  return list
    .map((p) =>
      p.hostPort === undefined
        ? `${p.containerPort}/${p.protocol}`
        : `${p.hostIp ?? ''}${p.hostIp === undefined ? '' : ':'}${p.hostPort}->${p.containerPort}/${p.protocol}`,
    )
    .join(', ')
}

function ago(ms: number): string {
  const seconds = Math.max(0, Math.round((Date.now() - ms) / 1000))
  if (seconds < 120) return `${seconds} s ago`
  if (seconds < 7200) return `${Math.round(seconds / 60)} min ago`
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h ago`
  return `${Math.round(seconds / 86_400)} days ago`
}

function psTable(containers: ContainerSummary[]): string {
  if (containers.length === 0) return 'No containers.'
  return table(
    ['ID', 'NAME', 'IMAGE', 'STATE', 'STATUS', 'PORTS', 'CREATED'],
    containers.map((c) => [
      c.id.slice(0, 12),
      c.name,
      c.image,
      c.state,
      c.status,
      ports(c.ports),
      ago(c.created),
    ]),
  )
}

export async function dockerCommand(app: App, argv: string[], out: Output): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      host: { type: 'string' },
      json: { type: 'boolean' },
      yes: { type: 'boolean', short: 'y' },
      force: { type: 'boolean', short: 'f' },
      tail: { type: 'string' },
      search: { type: 'string' },
      follow: { type: 'boolean' },
    },
  })
  const [sub, id] = positionals
  const host = targetHost(app, values.host)
  const hostId = host.id
  const needId = (): string => {
    if (id === undefined)
      throw new AppError('INVALID_INPUT', `docker ${sub ?? ''}: name the container`, { detail: USAGE })
    return id
  }
  switch (sub) {
    case 'fix-mtu':
      return runContainerFix(app, out, 'docker-mtu', { hostId, yes: values.yes === true })
    case 'fix-forward':
      return runContainerFix(app, out, 'docker-forward', { hostId, yes: values.yes === true })
    case 'ps': {
      const containers = await call(app, 'docker.list', { hostId })
      out.result(containers, () => psTable(containers))
      return
    }
    case 'status': {
      const status = await call(app, 'docker.status', { hostId })
      out.result(status, () =>
        status.state === 'ready'
          ? `Docker ${status.version} (API ${status.apiVersion}) on ${host.name}`
          : `${status.message}.`,
      )
      return
    }
    case 'images': {
      const images = await call(app, 'docker.images', { hostId })
      out.result(images, () =>
        table(
          ['ID', 'TAGS', 'SIZE', 'USED BY'],
          images.map((i) => [
            i.id.replace(/^sha256:/, '').slice(0, 12),
            i.tags.join(', ') || '<none>',
            formatBytes(i.size),
            i.usedBy.join(', ') || '-',
          ]),
        ),
      )
      return
    }
    case 'rm': {
      const target = needId()
      await confirmOrStop(values.yes === true, `Remove the container ${target} on ${host.name}?`)
      const result = await call(app, 'docker.action', {
        hostId,
        id: target,
        action: 'remove',
        force: values.force === true,
      })
      out.result(result, () => `Removed ${target}.`)
      return
    }
    case 'logs': {
      const target = needId()
      const tail = values.tail === undefined ? 200 : Number(values.tail)
      if (!Number.isInteger(tail) || tail < 1)
        throw new AppError('INVALID_INPUT', '--tail takes a positive number')
      const follow = values.follow === true
      const input = {
        hostId,
        id: target,
        tail,
        follow,
        ...(values.search === undefined ? {} : { search: values.search }),
      }
      if (follow && !out.json) {
        // New lines as they come (progress of the streaming call) until Ctrl+C.
        const envelope = await app.router.handle(
          { channel: 'docker.logs', input, opId: `cli-logs-${Date.now()}` },
          { sendProgress: (_id, p) => process.stdout.write(`${p.message}\n`) },
        )
        if (!envelope.ok) throw AppError.fromPayload(envelope.error)
        return
      }
      const lines = await call(app, 'docker.logs', input)
      out.result(lines, () =>
        lines.map((l) => (l.stream === 'stderr' ? `[stderr] ${l.text}` : l.text)).join('\n'),
      )
      return
    }
    default: {
      const action = ACTIONS.find((a) => a === sub)
      if (action === undefined)
        throw new AppError('INVALID_INPUT', `docker: unknown subcommand ${sub ?? '(none)'}`, {
          detail: USAGE,
        })
      const target = needId()
      const result = await call(app, 'docker.action', { hostId, id: target, action })
      out.result(result, () => `${target}: ${result.container?.status ?? result.container?.state ?? 'done'}`)
    }
  }
}
