import type { HostInputDevices } from '@shared/passthrough-inputs.js'

export const INPUTS_USAGE = `  virtdeck passthrough inputs [--root PATH] [--host NAME] [--json]`

export const INPUTS_HELP = `inputs lists the host's keyboards and mice for evdev passthrough (/dev/input/by-id event links,
the event node each points to now, and a name); give the by-id path to the VM.`

const KIND_TITLE = { keyboard: 'Keyboards', mouse: 'Mice', other: 'Other input devices' } as const

/** `virtdeck passthrough inputs` as text: one block per kind, the by-id path under each name. */
export function inputsText(label: string, list: HostInputDevices): string {
  if (list.devices.length === 0)
    return `${label}: no input devices to pass through.\n${list.note ?? ''}`.trim()
  const lines = [`${label}: ${list.devices.length} input device${list.devices.length === 1 ? '' : 's'}`]
  for (const kind of ['keyboard', 'mouse', 'other'] as const) {
    const devices = list.devices.filter((d) => d.kind === kind)
    if (devices.length === 0) continue
    lines.push('', `${KIND_TITLE[kind]}:`)
    for (const d of devices) {
      // JSON quoting shows a name with a newline or a quote as it is, on one line.
      const path = /^[\x21-\x7e]+$/.test(d.path) ? d.path : JSON.stringify(d.path)
      lines.push(`  ${d.label}${d.device === null ? '' : `  (${d.device.replace('/dev/input/', '')} now)`}`)
      lines.push(`      ${path}`)
      if (d.problem !== null) lines.push(`      cannot be used: ${d.problem}`)
    }
  }
  return lines.join('\n')
}
