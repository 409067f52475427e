import type { LxcContainer, LxcState } from '@shared/containers.js'

const STATES: readonly string[] = [
  'RUNNING',
  'STOPPED',
  'FROZEN',
  'STARTING',
  'STOPPING',
  'ABORTING',
  'FREEZING',
  'THAWED',
]

export function toLxcState(value: string): LxcState {
  const upper = value.trim().toUpperCase()
  return STATES.includes(upper) ? (upper as LxcState) : 'UNKNOWN'
}

function list(value: string | undefined): string[] {
  if (value === undefined || value === '' || value === '-') return []
  return value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '' && v !== '-')
}

/**
 * `lxc-ls --fancy` (any column set or order, LXC 1.0's quoted lines and dashed rule, leading and
 * trailing spaces, very wide columns): cells are cut at the header's column starts, so values with
 * spaces ("10.0.3.1, 10.0.3.2") stay whole.
 */
export function parseLxcLsFancy(text: string): LxcContainer[] {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.replace(/^"(.*)"\s*$/, '$1'))
    .filter((line) => line.trim() !== '' && !/^\s*-+\s*$/.test(line))
  const header = lines.shift()
  if (header === undefined) return []
  const columns: { name: string; start: number }[] = []
  for (const match of header.matchAll(/\S+/g))
    columns.push({ name: match[0].toUpperCase(), start: match.index })
  if (!columns.some((c) => c.name === 'NAME')) return []
  return lines.map((line) => {
    const cells = new Map<string, string>()
    columns.forEach((column, i) => {
      const end = columns[i + 1]?.start ?? line.length
      const start = column.start
      cells.set(column.name, line.slice(start, i + 1 < columns.length ? end : undefined).trim())
    })
    const container: LxcContainer = {
      name: cells.get('NAME') ?? '',
      state: toLxcState(cells.get('STATE') ?? ''),
      autostart: ['1', 'YES', 'TRUE'].includes((cells.get('AUTOSTART') ?? '').toUpperCase()),
      groups: list(cells.get('GROUPS')),
      ipv4: list(cells.get('IPV4')),
      ipv6: list(cells.get('IPV6')),
      links: list(cells.get('INTERFACE')),
    }
    const unprivileged = cells.get('UNPRIVILEGED')
    if (unprivileged !== undefined && unprivileged !== '') container.unprivileged = unprivileged === 'true'
    const pid = Number(cells.get('PID'))
    if (Number.isInteger(pid) && pid > 0) container.pid = pid
    return container
  })
}

const UNITS: Record<string, number> = {
  bytes: 1,
  B: 1,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
  TiB: 1024 ** 4,
}

/** "852.58 MiB", "0 bytes" → bytes. */
export function parseSize(value: string): number | undefined {
  const match = /^([\d.]+)\s*(\S+)$/.exec(value.trim())
  if (match === null) return undefined
  const unit = UNITS[match[2] ?? '']
  return unit === undefined ? undefined : Math.round(Number(match[1]) * unit)
}

/** `lxc-info -n NAME`: one container's state, pid, IPs (several `IP:` lines), CPU, memory, links. */
export function parseLxcInfo(text: string): LxcContainer | undefined {
  const fields: [string, string][] = []
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([A-Za-z][A-Za-z ]*?):\s*(.*?)\s*$/.exec(line)
    if (match !== null) fields.push([match[1] ?? '', match[2] ?? ''])
  }
  const get = (key: string): string | undefined => fields.find(([k]) => k === key)?.[1]
  const name = get('Name')
  if (name === undefined) return undefined
  const ips = fields.filter(([k]) => k === 'IP').map(([, v]) => v)
  const container: LxcContainer = {
    name,
    state: toLxcState(get('State') ?? ''),
    autostart: false,
    groups: [],
    ipv4: ips.filter((ip) => !ip.includes(':')),
    ipv6: ips.filter((ip) => ip.includes(':')),
    links: fields.filter(([k]) => k === 'Link').map(([, v]) => v),
  }
  const pid = Number(get('PID'))
  if (Number.isInteger(pid) && pid > 0) container.pid = pid
  const memory = get('Memory use')
  const bytes = memory === undefined ? undefined : parseSize(memory)
  if (bytes !== undefined) container.memoryBytes = bytes
  const cpu = /^([\d.]+) seconds$/.exec(get('CPU use') ?? '')
  if (cpu !== null) container.cpuSeconds = Number(cpu[1])
  return container
}
