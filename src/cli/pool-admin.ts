import { resolve } from 'node:path'
import { AppError } from '@shared/errors.js'
import type { PoolSpec } from '@shared/pool-create.js'
import type { App } from '../main/app.js'
import { call } from './hosts.js'
import type { Output } from './output.js'
import { table } from './output.js'
import { confirmOrStop, formatBytes, parseSize } from './vm-common.js'

export const ADMIN_USAGE = `  virtdeck pool create NAME --type dir --path DIR [--no-start] [--dry-run] [--host NAME] [--json]
  virtdeck pool create NAME --type logical --vg VG [--device DEV]… | --type netfs --server S --export DIR --path DIR
                          | --type iscsi --server S --target IQN [--path DIR]
  virtdeck pool delete|refresh POOL [--yes] [--host NAME] [--json]
  virtdeck pool used-by POOL [--host NAME] [--json]
  virtdeck pool resize POOL VOLUME --size SIZE [--shrink] [--host NAME] [--json]
  virtdeck pool clone POOL VOLUME NEWNAME [--host NAME] [--json]
  virtdeck pool upload POOL NEWNAME --file LOCALFILE [--host NAME] [--json]
  virtdeck pool download POOL VOLUME --file LOCALFILE [--force] [--host NAME] [--json]`

export const ADMIN_SUBCOMMANDS = new Set([
  'create',
  'delete',
  'refresh',
  'used-by',
  'resize',
  'clone',
  'upload',
  'download',
])

export interface PoolAdminValues {
  yes?: boolean | undefined
  size?: string | undefined
  verbose?: boolean | undefined
  type?: string | undefined
  path?: string | undefined
  vg?: string | undefined
  device?: string[] | undefined
  server?: string | undefined
  export?: string | undefined
  target?: string | undefined
  'no-start'?: boolean | undefined
  'dry-run'?: boolean | undefined
  shrink?: boolean | undefined
  file?: string | undefined
  force?: boolean | undefined
}

function specFrom(name: string, v: PoolAdminValues): PoolSpec {
  switch (v.type ?? 'dir') {
    case 'dir':
      return { kind: 'dir', name, path: resolve(v.path ?? '') }
    case 'logical':
      return { kind: 'logical', name, volumeGroup: v.vg ?? '', devices: v.device ?? [] }
    case 'netfs':
      return { kind: 'netfs', name, server: v.server ?? '', exportPath: v.export ?? '', path: v.path ?? '' }
    case 'iscsi':
      return {
        kind: 'iscsi',
        name,
        server: v.server ?? '',
        target: v.target ?? '',
        ...(v.path === undefined ? {} : { path: v.path }),
      }
    default:
      throw new AppError('INVALID_INPUT', '--type: one of dir, logical, netfs, iscsi')
  }
}

/** Pool creation and deletion, volume resize/clone/upload/download/used-by. */
export async function poolAdminCommand(
  app: App,
  hostId: string,
  hostName: string,
  [sub, pool, arg, arg2]: (string | undefined)[],
  values: PoolAdminValues,
  out: Output,
): Promise<void> {
  const need = (value: string | undefined, what: string): string => {
    if (value === undefined || value === '')
      throw new AppError('INVALID_INPUT', `pool ${sub ?? ''}: name the ${what}`)
    return value
  }
  const name = need(pool, 'pool')
  const verbose = values.verbose === true || !out.json
  switch (sub) {
    case 'create': {
      const spec = specFrom(name, values)
      const preview = await call(app, 'pools.preview', { hostId, spec })
      if (values['dry-run'] === true) {
        out.result(preview, () =>
          [preview.xml.trimEnd(), ...preview.notes.map((n) => `note: ${n}`)].join('\n'),
        )
        return
      }
      const start = values['no-start'] !== true
      const pools = await call(app, 'pools.create', { hostId, spec, start, autostart: start })
      out.result(pools, () => `Created pool ${name}${start ? ' (running, starts at boot)' : ''}.`)
      return
    }
    case 'delete': {
      await confirmOrStop(
        values.yes === true,
        `Delete the pool ${name} on ${hostName}? Its volumes stay on disk.`,
      )
      const pools = await call(app, 'pools.delete', { hostId, name })
      out.result(pools, () => `Deleted pool ${name} (its volumes stay on disk).`)
      return
    }
    case 'refresh': {
      const pools = await call(app, 'pools.refresh', { hostId, name })
      out.result(pools, () => `Rescanned pool ${name}.`)
      return
    }
    case 'used-by': {
      const users = await call(app, 'volumes.usedBy', { hostId, pool: name })
      out.result(users, () =>
        table(
          ['VOLUME', 'USED BY'],
          users.map((u) => [
            u.name,
            u.users.map((x) => `${x.vm} (${x.target}${x.running ? ', running' : ''})`).join(', ') || '-',
          ]),
        ),
      )
      return
    }
    case 'resize': {
      const volume = need(arg, 'volume')
      const result = await call(app, 'volumes.resize', {
        hostId,
        pool: name,
        name: volume,
        capacityBytes: parseSize(values.size, '--size'),
        allowShrink: values.shrink === true,
      })
      out.result(result, () => `Resized ${volume} to ${formatBytes(result.capacity)}.`)
      return
    }
    case 'clone': {
      const volume = need(arg, 'volume')
      const copy = await call(
        app,
        'volumes.clone',
        { hostId, pool: name, name: volume, newName: need(arg2, 'copy') },
        verbose,
      )
      out.result(copy, () => `Cloned ${volume} as ${copy.path}.`)
      return
    }
    case 'upload':
    case 'download': {
      const volume = need(arg, 'volume')
      const localPath = resolve(need(values.file, 'local file (--file)'))
      const result =
        sub === 'upload'
          ? await call(app, 'volumes.upload', { hostId, pool: name, name: volume, localPath }, verbose)
          : await call(
              app,
              'volumes.download',
              { hostId, pool: name, name: volume, localPath, overwrite: values.force === true },
              verbose,
            )
      out.result(
        result,
        () =>
          `${sub === 'upload' ? 'Uploaded' : 'Downloaded'} ${formatBytes(result.bytes)} (${result.localPath}).`,
      )
      return
    }
    default:
      throw new AppError('INVALID_INPUT', `Unknown command: pool ${sub ?? ''}`)
  }
}
