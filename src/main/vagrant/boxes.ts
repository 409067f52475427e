import type { VagrantBoxAddInput, VagrantBoxOutdated } from '@shared/vagrant-contract.js'
import type { OutputLine } from './machine-readable.js'

/** `vagrant box add` arguments: the source last, after `--`, so no source is ever read as an option. */
export function boxAddArgs(input: VagrantBoxAddInput): string[] {
  const args = ['box', 'add']
  if (input.name !== undefined) args.push('--name', input.name)
  if (input.provider !== undefined) args.push('--provider', input.provider)
  if (input.force === true) args.push('--force')
  return [...args, '--', input.source]
}

const ITEM = /^\* '(.+?)' for '(.+?)'(?: \(v(.+?)\))?(:)?\s*(.*)$/s

/**
 * `vagrant box outdated --global` says one `ui` line per box: up to date, outdated (current and
 * latest), added from a file (no catalog), or that its catalog could not be loaded. That last one
 * is what a machine without network sees: it is named so, not reported as a failure of the check.
 */
export function parseOutdated(lines: readonly OutputLine[]): VagrantBoxOutdated[] {
  const result: VagrantBoxOutdated[] = []
  for (const line of lines) {
    if (line.kind !== 'record' || line.type !== 'ui') continue
    const text = line.data.slice(1).join(',').trim()
    const match = ITEM.exec(text)
    if (match === null) continue
    const [, name = '', provider = '', version, colon, rest = ''] = match
    const base = { name, provider, ...(version === undefined ? {} : { current: version }) }
    const outdated = /is outdated! Current: (\S+?)\.? Latest: (\S+)/.exec(rest)
    if (outdated !== null)
      result.push({
        ...base,
        state: 'outdated',
        current: outdated[1] ?? '',
        latest: (outdated[2] ?? '').replace(/\.$/, ''),
        message: `${name} (${provider}) ${outdated[1] ?? ''} → ${(outdated[2] ?? '').replace(/\.$/, '')} is available: vagrant box update --box ${name}`,
      })
    else if (/is up to date/.test(rest))
      result.push({ ...base, state: 'up-to-date', message: `${name} (${provider}) is up to date` })
    else if (/wasn't added from a catalog/.test(rest))
      result.push({
        ...base,
        state: 'local',
        message: `${name} (${provider}) was added from a file: it has no catalog to check for updates`,
      })
    else if (colon !== undefined && /Error loading metadata/i.test(rest))
      result.push({
        ...base,
        state: 'unreachable',
        message: `Cannot reach the box catalog of ${name} (${provider}): ${rest.replace(/^Error loading metadata:\s*/i, '')}. Check the network (or the catalog's address) and try again.`,
      })
    else result.push({ ...base, state: 'unknown', message: text.replace(/^\* /, '') })
  }
  return result
}
