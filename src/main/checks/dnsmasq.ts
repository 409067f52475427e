import type { CheckResult } from '@shared/checks.js'
import type { Distro } from './distro.js'
import { installFix } from './distro.js'
import type { HostReader, RunOutcome } from './host-io.js'
import { commandEvidence } from './host-io.js'
import { DNSMASQ_PATHS } from '../networks/dnsmasq.js'

/** Check: dnsmasq, which libvirt runs for every virtual network with an address (NAT, routed, isolated). */
export interface DnsmasqFacts {
  tried: { path: string; outcome: RunOutcome }[]
}

export async function gatherDnsmasq(reader: HostReader): Promise<DnsmasqFacts> {
  const tried = await Promise.all(
    DNSMASQ_PATHS.map(async (path) => ({ path, outcome: await reader.run('test', ['-x', path]) })),
  )
  return { tried }
}

/** true: found; false: `test -x` answered "no" for every path; undefined: could not tell. */
export function dnsmasqPresent(facts: DnsmasqFacts): boolean | undefined {
  if (facts.tried.some((t) => t.outcome.ok && t.outcome.code === 0)) return true
  if (facts.tried.every((t) => t.outcome.ok && t.outcome.code !== 0)) return false
  return undefined
}

export function judgeDnsmasq(facts: DnsmasqFacts, distro: Distro): CheckResult {
  const present = dnsmasqPresent(facts)
  const found = facts.tried.find((t) => t.outcome.ok && t.outcome.code === 0)
  const result: CheckResult = {
    id: 'dnsmasq',
    title: 'dnsmasq (virtual networks)',
    status: present === true ? 'pass' : present === false ? 'fail' : 'unknown',
    summary:
      present === true
        ? `dnsmasq is installed (${found?.path ?? ''}): NAT, routed and isolated networks can start.`
        : present === false
          ? 'dnsmasq is not installed: libvirt cannot start NAT, routed or isolated networks (such as “default”), so VMs on them will not start.'
          : 'Could not tell whether dnsmasq is installed.',
    evidence: facts.tried.map((t) => commandEvidence('test', ['-x', t.path], t.outcome, 1)),
  }
  if (present === false)
    result.fix = installFix(
      distro,
      { debian: 'dnsmasq-base', fedora: 'dnsmasq', arch: 'dnsmasq', suse: 'dnsmasq' },
      'dnsmasq',
    )
  return result
}
