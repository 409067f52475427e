import { parseArgs } from 'node:util'
import { AppError } from '@shared/errors.js'
import type { HardwareView, HwEdit, HwPreview } from '@shared/vm-hardware.js'
import { hwEditSchema } from '@shared/vm-hardware.js'
import type { App } from '../main/app.js'
import { targetHost } from './checks.js'
import { confirmed } from './confirm.js'
import { call } from './hosts.js'
import type { Output } from './output.js'

export const USAGE = `usage:
  virtdeck hw VM [--host NAME] [--json]                    a VM's hardware, and what waits for its next boot
  virtdeck hw VM --preview EDIT [--host NAME] [--json]     one edit as the Hardware tab previews it
  virtdeck hw VM --apply EDIT [--yes] [--host NAME] [--json]   apply it (one change; undo with virtdeck changes undo)

EDIT is JSON, e.g.
  '{"kind":"nic.add","source":{"type":"network","name":"default"},"model":"virtio"}'
  '{"kind":"cdrom.media","target":"sda","path":"/var/lib/libvirt/images/debian.iso"}'
  '{"kind":"memory","currentMiB":2048,"maxMiB":4096}'
  '{"kind":"graphics","type":"vnc","listen":"127.0.0.1","removePassword":true}'   remove the console password
Kinds: disk.add disk.remove disk.update cdrom.add cdrom.media nic.add nic.remove nic.update boot memory
vcpus graphics video hostdev.add hostdev.remove tpm fs.add fs.remove.`

export function viewText(v: HardwareView): string {
  const lines = [
    `${v.vm}: ${v.running ? 'running' : 'shut off'}, ${v.memory.currentMiB}/${v.memory.maxMiB} MiB, ${v.vcpus.current}/${v.vcpus.max} vCPUs`,
    ...v.disks.map(
      (d) =>
        `  ${d.device === 'cdrom' ? 'cdrom' : 'disk '} ${d.target.padEnd(5)} ${d.bus.padEnd(7)} ${d.source ?? 'empty'}${d.cache === undefined ? '' : ` cache=${d.cache}`}`,
    ),
    ...v.nics.map(
      (n) => `  nic   ${n.mac} ${n.type} ${n.source ?? ''} ${n.model ?? ''} link ${n.linkUp ? 'up' : 'down'}`,
    ),
    ...v.graphics.map(
      (g) =>
        `  graphics ${g.type}${g.listen === undefined ? '' : ` on ${g.listen}`}${g.hasPassword ? ' (password set)' : ''}`,
    ),
    ...v.hostdevs.map((h) => `  hostdev ${h.kind} ${h.id}`),
    ...(v.tpm === undefined ? [] : [`  tpm ${v.tpm.model} ${v.tpm.backend} ${v.tpm.version ?? ''}`]),
    ...v.filesystems.map((f) => `  shared folder ${f.source} as ${f.tag} (${f.driver})`),
  ]
  if (v.restartNeeded.length > 0) lines.push('Restart needed:', ...v.restartNeeded.map((r) => `  · ${r}`))
  return lines.join('\n')
}

export function previewText(p: HwPreview): string {
  return [
    `${p.vm}: ${p.summary}`,
    '',
    p.diff.trimEnd(),
    '',
    p.valid ? 'libvirt accepts it.' : `libvirt refuses it: ${p.problems.join(' ')}`,
    ...p.live.map((l) => `Now, on the running VM: ${l}`),
    ...p.restartNeeded.map((r) => `At the next boot: ${r}`),
    ...p.notes.map((n) => `· ${n}`),
  ].join('\n')
}

function parseEdit(text: string): HwEdit {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new AppError('INVALID_INPUT', 'The edit is not JSON.', { detail: USAGE })
  }
  const parsed = hwEditSchema.safeParse(json)
  if (!parsed.success)
    throw new AppError('INVALID_INPUT', 'The edit is not one VirtDeck knows.', {
      detail: parsed.error.issues.map((i) => `${i.path.join('.') || 'edit'}: ${i.message}`).join('\n'),
    })
  return parsed.data
}

export async function vmhwCommand(app: App, argv: string[], out: Output): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      host: { type: 'string' },
      json: { type: 'boolean' },
      preview: { type: 'string' },
      apply: { type: 'string' },
      yes: { type: 'boolean', short: 'y' },
    },
  })
  const host = targetHost(app, values.host)
  const [vm, ...extra] = positionals
  if (vm === undefined || extra.length > 0)
    throw new AppError('INVALID_INPUT', 'hw: name one VM', { detail: USAGE })
  const text = values.apply ?? values.preview
  if (text === undefined) {
    const view = await call(app, 'vmhw.view', { hostId: host.id, vm })
    out.result(view, () => viewText(view))
    return
  }
  const preview = await call(app, 'vmhw.preview', { hostId: host.id, vm, edit: parseEdit(text) })
  if (values.apply === undefined) {
    out.result(preview, () => previewText(preview))
    return
  }
  if (preview.planId === undefined)
    throw new AppError(
      preview.changed ? 'INVALID_INPUT' : 'CONFLICT',
      preview.changed
        ? `libvirt does not accept this edit of ${vm}; nothing was changed.`
        : `${vm} already has this; nothing to apply.`,
      {
        detail: preview.problems.join('\n') || previewText(preview),
      },
    )
  if (!out.json) process.stdout.write(`${previewText(preview)}\n\n`)
  await confirmed(values.yes === true, `Apply this to ${vm}?`)
  const result = await call(app, 'vmhw.apply', { hostId: host.id, planId: preview.planId }, !out.json)
  out.result(result, () =>
    [
      `Applied (change ${result.change.id}); the previous definition is in ${vm}'s XML history.`,
      ...result.live.map(
        (l) => `  ${l.ok ? 'done' : 'FAILED'}: ${l.what}${l.message === undefined ? '' : ` (${l.message})`}`,
      ),
      ...result.restartNeeded.map((r) => `  at the next boot: ${r}`),
      `Undo with: virtdeck changes undo ${result.change.id}`,
    ].join('\n'),
  )
}
