import { parseArgs } from 'node:util'
import { AppError } from '@shared/errors.js'
import type { VmCloneResult } from '@shared/vm-clone.js'
import type { App } from '../main/app.js'
import { targetHost } from './checks.js'
import type { Output } from './output.js'
import { findVm } from './vm-common.js'

export const USAGE = `usage:
  virtdeck clone VM NEW-NAME [--linked] [--host NAME] [--json]

Clones a shut-off VM: a new name, UUID and MAC addresses, and its own disks, written beside the
original's. By default each disk is fully copied (qemu-img convert: independent of the original,
takes the time and space of a copy). --linked makes each disk a small qcow2 overlay on the
original instead (instant; the original disk must then stay where it is and never change again).
Progress goes to stderr; Ctrl+C cancels and removes what was copied.`

export async function cloneCommand(app: App, argv: string[], out: Output): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      host: { type: 'string' },
      json: { type: 'boolean' },
      linked: { type: 'boolean' },
    },
  })
  const [vmName, newName] = positionals
  if (newName === undefined || newName === '')
    throw new AppError('INVALID_INPUT', 'Name the clone', { detail: USAGE })
  const host = targetHost(app, values.host)
  const vm = await findVm(app, host, vmName, USAGE)
  const opId = `cli-clone-${Date.now()}`
  const onInterrupt = (): void => app.router.cancel(opId)
  process.once('SIGINT', onInterrupt)
  let last = ''
  try {
    const envelope = await app.router.handle(
      {
        channel: 'vms.clone',
        input: {
          hostId: host.id,
          uuid: vm.uuid,
          name: vm.name,
          clone: { name: newName, mode: values.linked === true ? 'linked' : 'copy' },
        },
        opId,
      },
      {
        sendProgress: (_id, p) => {
          if (p.message !== last) out.info(`… ${p.message}`)
          last = p.message
        },
      },
    )
    if (!envelope.ok) throw AppError.fromPayload(envelope.error)
    const result = envelope.value as VmCloneResult
    out.result(result, () =>
      [
        `Cloned ${vm.name} as ${result.name} (UUID ${result.uuid}).`,
        ...result.disks.map(
          (d) => `  ${d.target}: ${d.path}${d.backing === undefined ? '' : ` (on ${d.backing})`}`,
        ),
        ...(result.macs.length > 0 ? [`  MAC: ${result.macs.join(', ')}`] : []),
      ].join('\n'),
    )
  } finally {
    process.removeListener('SIGINT', onInterrupt)
  }
}
