import { posix } from 'node:path'
import { AppError } from '@shared/errors.js'
import { EVDEV_PATH } from '@shared/passthrough.js'
import type { HostInputDevice, HostInputDevices, InputDeviceKind } from '@shared/passthrough-inputs.js'
import type { Host } from '../host/host.js'

export const BY_ID = '/dev/input/by-id'

/**
 * Lists `<root>/dev/input/by-id` in ONE command: a fixed sh script (never built from input; the root
 * folder is its positional argument $1) that answers `@none` when the folder does not exist, else
 * `@by-id` then, for each link, its file name and its target, each ended by a NUL byte — so quotes,
 * spaces, `$(…)` and newlines in a name are data, never shell text and never a line break.
 */
export const BY_ID_SCRIPT = String.raw`d="$1/dev/input/by-id"
if [ ! -d "$d" ]; then printf '@none\0'; exit 0; fi
printf '@by-id\0'
exec find "$d" -mindepth 1 -maxdepth 1 -type l -printf '%f\0%l\0'`

export interface ByIdLink {
  name: string
  target: string
}

/** The script's output: null when there is no by-id folder, else every link (name, raw target). */
export function parseByIdListing(text: string): ByIdLink[] | null {
  const fields = text.split('\0')
  const head = fields.shift()
  if (head === '@none') return null
  if (head !== '@by-id')
    throw new AppError('COMMAND_FAILED', `Could not read ${BY_ID}: unexpected output.`, {
      detail: text.slice(0, 200),
    })
  const links: ByIdLink[] = []
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const name = fields[i] ?? ''
    if (name !== '') links.push({ name, target: fields[i + 1] ?? '' })
  }
  return links
}

const ROLES: Record<string, { kind: InputDeviceKind; role: string }> = {
  kbd: { kind: 'keyboard', role: 'keyboard' },
  mouse: { kind: 'mouse', role: 'mouse' },
  joystick: { kind: 'other', role: 'joystick' },
}

/** `…[-ifNN]-event-<class>`: the event links udev's 60-persistent-input.rules makes. */
const EVENT_NAME = /^(.*?)(?:-if([0-9A-Fa-f]{2}))?-event-([A-Za-z0-9_]+)$/s

/** The product as a person reads it, from `<bus>-<ID_SERIAL>`: `usb-Razer_Razer_Viper_0000A1` → "Razer Viper". */
export function productName(serial: string): string {
  const withoutBus = serial.replace(/^[a-z][a-z0-9]*-(?=.)/, '')
  const words = withoutBus.split(/[_\s]+/).filter((w) => w !== '')
  // A trailing serial number (hex digits, 8 or more) tells nothing to the person picking.
  if (words.length > 1 && /^[0-9A-Fa-f]{8,}$/.test(words.at(-1) ?? '')) words.pop()
  const kept = words.filter((w, i) => i === 0 || w.toLowerCase() !== words[i - 1]?.toLowerCase())
  return kept.join(' ') || serial.replace(/\s+/g, ' ')
}

/** One by-id link described; undefined when it is not an event node (`-mouse`, `-joystick`, hidraw). */
export function describeLink(link: ByIdLink): HostInputDevice | undefined {
  const match = EVENT_NAME.exec(link.name)
  if (match === null) return undefined
  const [, serial = '', ifNum, cls = ''] = match
  const fromClass = /^if([0-9A-Fa-f]{2})$/.exec(cls)
  const iface = ifNum ?? fromClass?.[1]
  const { kind, role } = ROLES[cls] ?? { kind: 'other' as const, role: fromClass ? 'input' : cls }
  const path = `${BY_ID}/${link.name}`
  const device = link.target === '' ? null : posix.resolve(BY_ID, link.target)
  return {
    path,
    name: link.name,
    kind,
    role,
    interface: iface === undefined ? null : Number.parseInt(iface, 16),
    device,
    label: `${productName(serial)} (${role})`,
    problem: EVDEV_PATH.test(path)
      ? null
      : 'Its name holds a quote or a line break, which the VM definition cannot take: make a udev rule with a plain name for it.',
  }
}

const ORDER: Record<InputDeviceKind, number> = { keyboard: 0, mouse: 1, other: 2 }

/** The event links described, sorted (keyboards, mice, others; by label, then interface), same-reading labels told apart. */
export function describeLinks(links: readonly ByIdLink[]): HostInputDevice[] {
  const devices = links
    .flatMap((l) => describeLink(l) ?? [])
    .sort(
      (a, b) =>
        ORDER[a.kind] - ORDER[b.kind] ||
        a.label.localeCompare(b.label) ||
        (a.interface ?? -1) - (b.interface ?? -1) ||
        a.name.localeCompare(b.name),
    )
  const counts = new Map<string, number>()
  for (const d of devices) counts.set(d.label, (counts.get(d.label) ?? 0) + 1)
  for (const d of devices) {
    if ((counts.get(d.label) ?? 0) < 2 || d.interface === null) continue
    const at = d.label.lastIndexOf(')')
    d.label = `${d.label.slice(0, at)}, interface ${d.interface}${d.label.slice(at)}`
  }
  return devices
}

export const NO_BY_ID_NOTE =
  'This host has no /dev/input/by-id: no USB keyboard or mouse is attached (a server, or a host reached only over the network). Plug them into the host, or type a path by hand.'
export const NO_EVENT_NOTE =
  'This host has /dev/input/by-id but no keyboard or mouse event device in it. Plug them into the host, or type a path by hand.'

/** The host's event devices under `root` ('/' for the host itself, a captured tree in tests). */
export async function readInputDevices(
  host: Host,
  root: string,
  signal?: AbortSignal,
): Promise<HostInputDevices> {
  const base = root === '/' ? '' : root.replace(/\/+$/, '')
  const result = await host.exec('sh', ['-c', BY_ID_SCRIPT, 'virtdeck-input-devices', base], {
    timeoutMs: 15_000,
    env: { LC_ALL: 'C' },
    ...(signal === undefined ? {} : { signal }),
  })
  if (result.code !== 0)
    throw new AppError('COMMAND_FAILED', `Could not list ${BY_ID} on this host.`, {
      detail: `find exited with ${String(result.code)}: ${result.stderr.trim() || 'no output'}. The list needs GNU find (findutils); otherwise type the paths by hand.`,
    })
  const links = parseByIdListing(result.stdout)
  if (links === null) return { hostId: host.id, byId: false, devices: [], note: NO_BY_ID_NOTE }
  const devices = describeLinks(links)
  return { hostId: host.id, byId: true, devices, note: devices.length === 0 ? NO_EVENT_NOTE : null }
}
