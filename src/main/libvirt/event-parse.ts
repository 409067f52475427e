import type { DomainEvent, LibvirtObjectEvent } from '@shared/vms.js'

/**
 * Lines of `virsh event --all --loop --timestamp` (virsh 9.0), e.g.
 *   2026-11-26 09:06:18.759+0000: event 'lifecycle' for domain 'vm 1': Started Booted
 *   2026-11-26 09:06:19.000+0000: event 'reboot' for domain 'vm 1'
 *   2026-11-26 09:06:19.000+0000: event 'balloon-change' for domain 'vm 1': 65536 KiB
 * Names are printed raw, quotes included, so a lifecycle line is read from both ends: the event word
 * is one of a known few. Continuation lines (tunable, job-completed: tab-indented parameters) and
 * anything else are not events.
 */

const LIFECYCLE_EVENTS = [
  'Defined',
  'Undefined',
  'Started',
  'Suspended',
  'Resumed',
  'Stopped',
  'Shutdown',
  'PMSuspended',
  'Crashed',
] as const

const LINE =
  /^(?:(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d(?:\.\d+)?)([+-]\d\d)(\d\d): )?event '([^']+)' for domain '(.*)$/
const LIFECYCLE = new RegExp(`^(.*)': (${LIFECYCLE_EVENTS.join('|')})(?: (.*))?$`)
const OTHER = /^(.*?)'(?:: (.*))?$/

export function parseEventLine(line: string): DomainEvent | undefined {
  const match = LINE.exec(line.replace(/\r$/, ''))
  if (match === null) return undefined
  const [, date, time, tzHours, tzMinutes, type, rest] = match
  if (type === undefined || rest === undefined) return undefined
  const at =
    date !== undefined && time !== undefined
      ? Date.parse(`${date}T${time}${tzHours ?? '+00'}:${tzMinutes ?? '00'}`)
      : undefined
  const when = at !== undefined && Number.isFinite(at) ? { at } : {}
  if (type === 'lifecycle') {
    const life = LIFECYCLE.exec(rest)
    if (life?.[1] === undefined || life[2] === undefined) return undefined
    return { kind: 'domain', name: life[1], type, event: life[2], detail: life[3] ?? '', ...when }
  }
  const other = OTHER.exec(rest)
  if (other?.[1] === undefined) return undefined
  return { kind: 'domain', name: other[1], type, event: type, detail: other[2] ?? '', ...when }
}

/**
 * Lines of `virsh pool-event --loop --timestamp` and `net-event` (names printed raw, without quotes):
 *   2026-12-06 20:18:46.267+0000: event 'lifecycle' for storage pool vm pool: Defined
 *   2026-12-06 20:18:46.314+0000: event 'lifecycle' for network default: Started
 */
const OBJECT_LINE =
  /^(?:(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d(?:\.\d+)?)([+-]\d\d)(\d\d): )?event 'lifecycle' for (storage pool|network) (.*): (Defined|Undefined|Started|Stopped|Created|Deleted)$/

export function parseObjectEventLine(line: string): LibvirtObjectEvent | undefined {
  const match = OBJECT_LINE.exec(line.replace(/\r$/, ''))
  if (match === null) return undefined
  const [, date, time, tzHours, tzMinutes, kind, name, event] = match
  if (kind === undefined || name === undefined || event === undefined) return undefined
  const at =
    date !== undefined && time !== undefined
      ? Date.parse(`${date}T${time}${tzHours ?? '+00'}:${tzMinutes ?? '00'}`)
      : undefined
  return {
    kind: kind === 'network' ? 'network' : 'pool',
    name,
    event,
    ...(at !== undefined && Number.isFinite(at) ? { at } : {}),
  }
}
