/**
 * `virsh domstats --raw` output: blocks of `Domain: 'NAME'` followed by indented `key=value` lines.
 * The name is printed as is between single quotes (it may itself hold quotes), so it is everything
 * between the first `'` and the last one on that line.
 */

/** What the graphs need from one domain's counters (cumulative counters as libvirt gives them). */
export interface DomainCounters {
  name: string
  /** libvirt's state number (1 = running). */
  state?: number
  /** Nanoseconds of CPU used by the whole domain since it started. */
  cpuTimeNs?: number
  vcpus?: number
  /** KiB. */
  balloonCurrentKiB?: number
  balloonAvailableKiB?: number
  balloonUnusedKiB?: number
  rssKiB?: number
  /** Sums over every disk / interface; absent when the domain has none. */
  blockRdBytes?: number
  blockWrBytes?: number
  blockRdReqs?: number
  blockWrReqs?: number
  netRxBytes?: number
  netTxBytes?: number
}

/** The domstats groups the graphs ask for, one call for every running domain. */
export const DOMSTATS_ARGS = [
  'domstats',
  '--raw',
  '--list-running',
  '--state',
  '--cpu-total',
  '--balloon',
  '--vcpu',
  '--interface',
  '--block',
] as const

const SCALARS: Record<string, keyof DomainCounters> = {
  'state.state': 'state',
  'cpu.time': 'cpuTimeNs',
  'vcpu.current': 'vcpus',
  'balloon.current': 'balloonCurrentKiB',
  'balloon.available': 'balloonAvailableKiB',
  'balloon.unused': 'balloonUnusedKiB',
  'balloon.rss': 'rssKiB',
}

const BLOCK = /^block\.\d+\.(rd\.bytes|wr\.bytes|rd\.reqs|wr\.reqs)$/
const NET = /^net\.\d+\.(rx\.bytes|tx\.bytes)$/
const SUMS: Record<string, keyof DomainCounters> = {
  'rd.bytes': 'blockRdBytes',
  'wr.bytes': 'blockWrBytes',
  'rd.reqs': 'blockRdReqs',
  'wr.reqs': 'blockWrReqs',
  'rx.bytes': 'netRxBytes',
  'tx.bytes': 'netTxBytes',
}

type NumericKey = Exclude<keyof DomainCounters, 'name'>

export function parseDomstats(text: string): DomainCounters[] {
  const out: DomainCounters[] = []
  let current: DomainCounters | undefined
  for (const raw of text.split('\n')) {
    if (raw.startsWith('Domain: ')) {
      const first = raw.indexOf("'")
      const last = raw.lastIndexOf("'")
      if (first < 0 || last <= first) {
        current = undefined
        continue
      }
      current = { name: raw.slice(first + 1, last) }
      out.push(current)
      continue
    }
    if (current === undefined) continue
    const line = raw.trim()
    const eq = line.indexOf('=')
    if (eq <= 0) continue
    const key = line.slice(0, eq)
    const scalar = SCALARS[key]
    // Most lines are counters the graphs do not use: only the wanted ones are matched and converted.
    const field =
      scalar ??
      (key.startsWith('block.') || key.startsWith('net.')
        ? ((m) => (m?.[1] === undefined ? undefined : SUMS[m[1]]))(BLOCK.exec(key) ?? NET.exec(key))
        : undefined)
    if (field === undefined) continue
    const value = Number(line.slice(eq + 1))
    if (!Number.isFinite(value)) continue
    if (scalar !== undefined) current[field as NumericKey] = value
    else current[field as NumericKey] = (current[field as NumericKey] ?? 0) + value
  }
  return out
}
