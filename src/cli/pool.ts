import { parseArgs } from 'node:util'
import { AppError } from '@shared/errors.js'
import { PREALLOCATIONS, VOLUME_FORMATS } from '@shared/storage.js'
import type { Preallocation, StoragePool } from '@shared/storage.js'
import type { App } from '../main/app.js'
import { targetHost } from './checks.js'
import { call } from './hosts.js'
import type { Output } from './output.js'
import { table } from './output.js'
import { confirmOrStop, formatBytes, onOff, parseSize } from './vm-common.js'
import { ADMIN_SUBCOMMANDS, ADMIN_USAGE, poolAdminCommand } from './pool-admin.js'

export const USAGE = `usage:
  virtdeck pool list [--host NAME] [--json]
  virtdeck pool start|stop POOL [--host NAME] [--json]
  virtdeck pool autostart POOL on|off [--host NAME] [--json]
  virtdeck pool volumes POOL [--host NAME] [--json]
  virtdeck pool create-volume POOL NAME --size SIZE [--format qcow2|raw] [--prealloc metadata|off|full] [--host NAME] [--json]
  virtdeck pool delete-volume POOL NAME [--yes] [--host NAME] [--json]
${ADMIN_USAGE}

SIZE as 10G, 512M, 1T. New qcow2 volumes have their metadata preallocated by default: without it
a guest's disk I/O can be up to 5× slower while the image grows.`

function poolRows(pools: StoragePool[]): string {
  return table(
    ['NAME', 'TYPE', 'STATE', 'AUTOSTART', 'CAPACITY', 'USED', 'PATH'],
    pools.map((p) => [
      p.name,
      p.type,
      p.state,
      p.autostart ? 'yes' : 'no',
      formatBytes(p.capacity),
      p.capacity ? `${Math.round(((p.allocation ?? 0) / p.capacity) * 100)} %` : '-',
      p.path ?? '-',
    ]),
  )
}

export async function poolCommand(app: App, argv: string[], out: Output): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      host: { type: 'string' },
      json: { type: 'boolean' },
      yes: { type: 'boolean', short: 'y' },
      size: { type: 'string' },
      format: { type: 'string' },
      prealloc: { type: 'string' },
      verbose: { type: 'boolean', short: 'v' },
      type: { type: 'string' },
      path: { type: 'string' },
      vg: { type: 'string' },
      device: { type: 'string', multiple: true },
      server: { type: 'string' },
      export: { type: 'string' },
      target: { type: 'string' },
      'no-start': { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      shrink: { type: 'boolean' },
      file: { type: 'string' },
      force: { type: 'boolean' },
    },
  })
  const [sub, pool, arg] = positionals
  const host = targetHost(app, values.host)
  const needPool = (): string => {
    if (pool === undefined)
      throw new AppError('INVALID_INPUT', `pool ${sub ?? ''}: name the pool`, { detail: USAGE })
    return pool
  }
  if (sub !== undefined && ADMIN_SUBCOMMANDS.has(sub))
    return poolAdminCommand(app, host.id, host.name, positionals, values, out)
  switch (sub) {
    case 'list': {
      const pools = await call(app, 'pools.list', { hostId: host.id })
      out.result(pools, () => (pools.length === 0 ? `No storage pools on ${host.name}.` : poolRows(pools)))
      return
    }
    case 'start':
    case 'stop': {
      const name = needPool()
      const pools = await call(app, sub === 'start' ? 'pools.start' : 'pools.stop', { hostId: host.id, name })
      out.result(pools, () => `${sub === 'start' ? 'Started' : 'Stopped'} pool ${name}.`)
      return
    }
    case 'autostart': {
      const name = needPool()
      const pools = await call(app, 'pools.setAutostart', {
        hostId: host.id,
        name,
        enabled: onOff(arg, USAGE),
      })
      out.result(
        pools,
        () => `Pool ${name} ${arg === 'on' ? 'starts' : 'does not start'} when ${host.name} boots.`,
      )
      return
    }
    case 'volumes': {
      const name = needPool()
      const volumes = await call(app, 'volumes.list', { hostId: host.id, pool: name })
      out.result(volumes, () =>
        volumes.length === 0
          ? `Pool ${name} has no volumes.`
          : table(
              ['NAME', 'FORMAT', 'CAPACITY', 'ALLOCATED', 'PATH'],
              volumes.map((v) => [
                v.name,
                v.format ?? '-',
                formatBytes(v.capacity),
                formatBytes(v.allocation),
                v.path,
              ]),
            ),
      )
      return
    }
    case 'create-volume': {
      const name = needPool()
      if (arg === undefined)
        throw new AppError('INVALID_INPUT', 'pool create-volume: name the new volume', { detail: USAGE })
      const format = values.format ?? 'qcow2'
      const prealloc = values.prealloc ?? (format === 'qcow2' ? 'metadata' : 'off')
      if (!(VOLUME_FORMATS as readonly string[]).includes(format))
        throw new AppError('INVALID_INPUT', `--format: one of ${VOLUME_FORMATS.join(', ')}`)
      if (!(PREALLOCATIONS as readonly string[]).includes(prealloc))
        throw new AppError('INVALID_INPUT', `--prealloc: one of ${PREALLOCATIONS.join(', ')}`)
      const spec = {
        name: arg,
        capacityBytes: parseSize(values.size, '--size'),
        format: format as 'qcow2' | 'raw',
        preallocation: prealloc as Preallocation,
      }
      const volume = await call(
        app,
        'volumes.create',
        { hostId: host.id, pool: name, spec },
        values.verbose === true || !out.json,
      )
      out.result(
        volume,
        () => `Created ${volume.path} (${volume.format ?? format}, ${formatBytes(volume.capacity)}).`,
      )
      return
    }
    case 'delete-volume': {
      const name = needPool()
      if (arg === undefined)
        throw new AppError('INVALID_INPUT', 'pool delete-volume: name the volume', { detail: USAGE })
      await confirmOrStop(
        values.yes === true,
        `Delete the volume ${arg} of pool ${name} on ${host.name}? Its data is lost.`,
      )
      const result = await call(app, 'volumes.delete', { hostId: host.id, pool: name, name: arg })
      out.result(result, () => `Deleted volume ${arg}.`)
      return
    }
    default:
      throw new AppError('INVALID_INPUT', sub ? `Unknown command: pool ${sub}` : 'pool: say what to do', {
        detail: USAGE,
      })
  }
}
