import { resolve } from 'node:path'
import type { VagrantBoxAddInput } from '@shared/vagrant-contract.js'
import { AppError } from '@shared/errors.js'
import type { HostView } from '@shared/hosts.js'
import type { App } from '../main/app.js'
import { call } from './hosts.js'
import type { Output } from './output.js'
import { table } from './output.js'
import { confirmOrStop } from './vm-common.js'
import type { streamed as Streamed } from './vagrant.js'

export const BOX_USAGE = `  virtdeck vagrant box list [--host NAME] [--json]
  virtdeck vagrant box add SOURCE [--name NAME] [--provider P] [--force] [--host NAME] [--json]
      SOURCE: a .box file (path on the host), an http(s)/file URL, or a catalog name
  virtdeck vagrant box remove NAME [--provider P] [--box-version V] [--yes] [--host NAME] [--json]
  virtdeck vagrant box outdated [--host NAME] [--json]`

export interface BoxOptions {
  name?: string | undefined
  provider?: string | undefined
  force?: boolean | undefined
  yes?: boolean | undefined
  'box-version'?: string | undefined
}

/** `virtdeck vagrant box list|add|remove|outdated`. */
export async function vagrantBoxCommand(
  app: App,
  args: readonly (string | undefined)[],
  values: BoxOptions,
  host: HostView,
  out: Output,
  streamed: typeof Streamed,
): Promise<void> {
  const [sub, ref] = args
  switch (sub) {
    case 'list': {
      const boxes = await call(app, 'vagrant.boxes', { hostId: host.id })
      out.result(boxes, () =>
        boxes.length === 0
          ? `No boxes on ${host.name}: virtdeck vagrant box add SOURCE`
          : table(
              ['NAME', 'PROVIDER', 'VERSION'],
              boxes.map((b) => [b.name, b.provider, b.version]),
            ),
      )
      return
    }
    case 'add': {
      if (ref === undefined)
        throw new AppError('INVALID_INPUT', 'Say where the box comes from.', { detail: BOX_USAGE })
      // A local file given relative to here becomes absolute; URLs and catalog names pass as they are.
      const file =
        !ref.includes('://') && (ref.startsWith('.') || ref.startsWith('/') || /\.(box|json)$/.test(ref))
      const source = host.kind === 'local' && file ? resolve(ref) : ref
      const input: VagrantBoxAddInput = {
        hostId: host.id,
        source,
        ...(values.name === undefined ? {} : { name: values.name }),
        ...(values.provider === undefined
          ? {}
          : { provider: values.provider as VagrantBoxAddInput['provider'] & string }),
        ...(values.force === true ? { force: true } : {}),
      }
      const r = await streamed(app, 'vagrant.boxAdd', input, out)
      out.result(r, () =>
        r.added
          ? `Added. Boxes now:\n${table(
              ['NAME', 'PROVIDER', 'VERSION'],
              r.boxes.map((b) => [b.name, b.provider, b.version]),
            )}`
          : r.cancelled
            ? 'Cancelled: the box was not added (Vagrant removes its partial download).'
            : `Could not add the box: ${r.error?.message ?? r.output.split('\n').slice(-3).join('\n')}`,
      )
      if (!r.added) process.exitCode = 1
      return
    }
    case 'remove': {
      if (ref === undefined) throw new AppError('INVALID_INPUT', 'Name the box.', { detail: BOX_USAGE })
      await confirmOrStop(values.yes === true, `Remove the box ${ref} from ${host.name}? [y/N] `)
      const r = await call(app, 'vagrant.boxRemove', {
        hostId: host.id,
        name: ref,
        ...(values.provider === undefined ? {} : { provider: values.provider }),
        ...(values['box-version'] === undefined ? {} : { version: values['box-version'] }),
      })
      out.result(r, () => r.message)
      if (!r.removed) process.exitCode = 1
      return
    }
    case 'outdated': {
      const r = await call(app, 'vagrant.boxOutdated', { hostId: host.id })
      out.result(r, () =>
        r.length === 0 ? 'No boxes to check.' : r.map((b) => `${b.state}: ${b.message}`).join('\n'),
      )
      return
    }
    default:
      throw new AppError(
        'INVALID_INPUT',
        sub === undefined ? 'Say what to do with boxes.' : `Unknown box command: ${sub}`,
        {
          detail: BOX_USAGE,
        },
      )
  }
}
