import { AppError } from '@shared/errors.js'
import type { HostView } from '@shared/hosts.js'
import { domainNameSchema } from '@shared/vm-create.js'
import type { App } from '../main/app.js'
import { call } from './hosts.js'
import type { Output } from './output.js'
import { findVm } from './vm-common.js'

/** `virtdeck vm rename NAME NEW-NAME`: a shut-off VM only; the XML history follows it. */
export async function renameVm(
  app: App,
  host: HostView,
  name: string | undefined,
  newName: string | undefined,
  usage: string,
  out: Output,
): Promise<void> {
  const vm = await findVm(app, host, name, usage)
  if (newName === undefined || newName === '')
    throw new AppError('INVALID_INPUT', 'vm rename: give the new name', { detail: usage })
  const valid = domainNameSchema.safeParse(newName)
  if (!valid.success)
    throw new AppError(
      'INVALID_INPUT',
      `Cannot rename to “${newName}”: ${valid.error.issues[0]?.message ?? 'not a valid name'}`,
    )
  const after = await call(app, 'vms.rename', { hostId: host.id, uuid: vm.uuid, name: vm.name, newName })
  out.result(after, () => `Renamed ${vm.name} to ${after.name}.`)
}
