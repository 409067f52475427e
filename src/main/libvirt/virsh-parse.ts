import type { DomainState } from '@shared/vms.js'

/** Readers for virsh's plain-text outputs. Names are printed raw (quotes, spaces, unicode): never trimmed. */

export interface DomstatsEntry {
  name: string
  fields: Map<string, string>
}

/**
 * `domstats --raw …`:
 *   Domain: 'name'
 *     state.state=1
 *     balloon.current=65536
 */
export function parseDomstats(text: string): DomstatsEntry[] {
  const entries: DomstatsEntry[] = []
  let current: DomstatsEntry | undefined
  for (const line of text.split('\n')) {
    if (line.startsWith("Domain: '") && line.endsWith("'") && line.length >= 10) {
      current = { name: line.slice("Domain: '".length, -1), fields: new Map() }
      entries.push(current)
      continue
    }
    if (current === undefined || !line.startsWith('  ')) continue
    const eq = line.indexOf('=')
    if (eq === -1) continue
    current.fields.set(line.slice(2, eq), line.slice(eq + 1))
  }
  return entries
}

/** `list --all --uuid --name`: "<uuid> <name>" per line. */
export function parseUuidNames(text: string): { uuid: string; name: string }[] {
  const out: { uuid: string; name: string }[] = []
  for (const line of text.split('\n')) {
    const match = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}) (.+)$/.exec(line)
    if (match?.[1] !== undefined && match[2] !== undefined) out.push({ uuid: match[1], name: match[2] })
  }
  return out
}

/** `list --name`, `net-list --name`, `pool-list --name`: one name per line. */
export function parseNames(text: string): string[] {
  return text.split('\n').filter((line) => line.length > 0)
}

/** "Key:   value" outputs (dominfo, pool-info, net-info, vol-info). */
export function parseKeyValues(text: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':')
    if (colon <= 0) continue
    const key = line.slice(0, colon)
    if (out.has(key)) continue
    out.set(key, line.slice(colon + 1).trim())
  }
  return out
}

/** virDomainState numbers (domstats `state.state`). */
export function stateFromNumber(value: string | undefined): DomainState {
  switch (value) {
    case '1':
      return 'running'
    case '2':
      return 'blocked'
    case '3':
      return 'paused'
    case '4':
      return 'shutdown'
    case '5':
      return 'shutoff'
    case '6':
      return 'crashed'
    case '7':
      return 'pmsuspended'
    default:
      return 'unknown'
  }
}

/** virsh's words for states (dominfo "State:", domstate). */
export function stateFromText(value: string | undefined): DomainState {
  switch (value?.trim()) {
    case 'running':
      return 'running'
    case 'idle':
    case 'blocked':
      return 'blocked'
    case 'paused':
      return 'paused'
    case 'in shutdown':
      return 'shutdown'
    case 'shut off':
      return 'shutoff'
    case 'crashed':
      return 'crashed'
    case 'pmsuspended':
      return 'pmsuspended'
    default:
      return 'unknown'
  }
}

export function isActiveState(state: DomainState): boolean {
  return state !== 'shutoff' && state !== 'unknown'
}

/** "1048576 KiB" → 1048576. */
export function parseKiB(value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const match = /^(\d+)\s*KiB$/.exec(value.trim())
  return match?.[1] === undefined ? undefined : Number(match[1])
}

export function parseInteger(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value.trim())) return undefined
  return Number(value.trim())
}

export function parseYesNo(value: string | undefined): boolean | undefined {
  const v = value?.trim()
  if (v === 'yes' || v === 'enable') return true
  if (v === 'no' || v === 'disable') return false
  return undefined
}
