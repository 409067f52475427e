import type { ForwardCheck, ForwardFix } from '@shared/container-fixes.js'

export type { ForwardCheck, ForwardFix }

/**
 * Docker and libvirt on one host: Docker sets the iptables FORWARD policy to DROP (when it turns
 * on IP forwarding itself), and libvirt's NAT and bridged guests then lose traffic that no rule
 * accepts. Read from `iptables-save` or `nft list ruleset`; the fix is data: DOCKER-USER rules
 * accepting the libvirt bridges only (never a global FORWARD ACCEPT, which exposes every
 * container: moby/libnetwork#2450).
 */

export interface ForwardRule {
  chain: string
  /** The rule as iptables-save prints it after `-A CHAIN` (or the nft statement). */
  text: string
  inInterface?: string
  outInterface?: string
  verdict?: string
}

export interface ForwardRuleset {
  source: 'iptables-save' | 'nft'
  /** The filter table's FORWARD policy; undefined when the table has no FORWARD chain. */
  policy?: 'ACCEPT' | 'DROP'
  chains: string[]
  rules: ForwardRule[]
}

/** The filter table of `iptables-save` (other tables ignored). */
export function parseIptablesSave(text: string): ForwardRuleset {
  const result: ForwardRuleset = { source: 'iptables-save', chains: [], rules: [] }
  let table = ''
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    if (line.startsWith('*')) table = line.slice(1)
    if (table !== 'filter') continue
    const chain = /^:(\S+)\s+(\S+)/.exec(line)
    if (chain !== null) {
      result.chains.push(chain[1] ?? '')
      if (chain[1] === 'FORWARD' && (chain[2] === 'DROP' || chain[2] === 'ACCEPT')) result.policy = chain[2]
      continue
    }
    const rule = /^-A\s+(\S+)\s*(.*)$/.exec(line)
    if (rule === null) continue
    const body = rule[2] ?? ''
    const entry: ForwardRule = { chain: rule[1] ?? '', text: body }
    const inIf = /(?:^|\s)-i\s+(\S+)/.exec(body)?.[1]
    const outIf = /(?:^|\s)-o\s+(\S+)/.exec(body)?.[1]
    const verdict = /(?:^|\s)-j\s+(\S+)/.exec(body)?.[1]
    // `! -i X` is a negation: not "from X".
    if (inIf !== undefined && !new RegExp(`!\\s+-i\\s+${escape(inIf)}`).test(body)) entry.inInterface = inIf
    if (outIf !== undefined && !new RegExp(`!\\s+-o\\s+${escape(outIf)}`).test(body))
      entry.outInterface = outIf
    if (verdict !== undefined) entry.verdict = verdict
    result.rules.push(entry)
  }
  return result
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/**
 * `iptables -L [-n] [-v]` as users paste it: the FORWARD policy and the chain names (the rules of
 * this view are not parsed: interfaces show only with -v). Enough for the policy evidence.
 */
export function parseIptablesList(text: string): ForwardRuleset {
  const result: ForwardRuleset = { source: 'iptables-save', chains: [], rules: [] }
  for (const line of text.split(/\r?\n/)) {
    const match = /^Chain\s+(\S+)\s+\((?:policy\s+(ACCEPT|DROP)|\d+ references)/.exec(line.trim())
    if (match === null) continue
    result.chains.push(match[1] ?? '')
    if (match[1] === 'FORWARD' && match[2] !== undefined) result.policy = match[2] as 'ACCEPT' | 'DROP'
  }
  return result
}

/** The `table ip filter` of `nft list ruleset` (iptables-nft writes there; other tables ignored). */
export function parseNftRuleset(text: string): ForwardRuleset {
  const result: ForwardRuleset = { source: 'nft', chains: [], rules: [] }
  let inFilter = false
  let chain: string | undefined
  let depth = 0
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    if (depth === 0) {
      inFilter = /^table\s+(ip|inet)\s+filter\s*\{/.test(line)
      if (line.endsWith('{')) depth = 1
      continue
    }
    if (line.endsWith('{')) {
      depth++
      const name = /^chain\s+(\S+)\s*\{/.exec(line)?.[1]
      if (depth === 2 && name !== undefined && inFilter) {
        chain = name
        result.chains.push(name)
      }
      continue
    }
    if (line === '}') {
      depth--
      if (depth < 2) chain = undefined
      continue
    }
    if (!inFilter || chain === undefined || line === '') continue
    const policy = /policy\s+(accept|drop)\s*;/.exec(line)?.[1]
    if (/^type\s+filter\s+hook\s+forward/.test(line)) {
      if (policy !== undefined) result.policy = policy === 'drop' ? 'DROP' : 'ACCEPT'
      continue
    }
    if (/^type\s/.test(line)) continue
    const entry: ForwardRule = { chain, text: line }
    const inIf = /(?:^|\s)iifname\s+"([^"]+)"/.exec(line)?.[1]
    const outIf = /(?:^|\s)oifname\s+"([^"]+)"/.exec(line)?.[1]
    if (inIf !== undefined) entry.inInterface = inIf
    if (outIf !== undefined) entry.outInterface = outIf
    const verdict = /\b(accept|drop|reject|return)\b|\bjump\s+(\S+)/.exec(line)
    if (verdict !== null) entry.verdict = verdict[2] ?? (verdict[1] ?? '').toUpperCase()
    result.rules.push(entry)
  }
  return result
}

/** Rules VirtDeck adds to DOCKER-USER for one bridge: everything in from it, and replies out to it. */
export function acceptRules(bridge: string): string[][] {
  return [
    ['-i', bridge, '-j', 'ACCEPT'],
    ['-o', bridge, '-m', 'conntrack', '--ctstate', 'RELATED,ESTABLISHED', '-j', 'ACCEPT'],
  ]
}

function covered(ruleset: ForwardRuleset, bridge: string): boolean {
  return ruleset.rules.some(
    (r) =>
      r.chain === 'DOCKER-USER' &&
      r.inInterface === bridge &&
      r.outInterface === undefined &&
      (r.verdict ?? '').toUpperCase() === 'ACCEPT' &&
      !/\s-s\s|saddr|--ctstate|ct state/.test(` ${r.text}`),
  )
}

export const FORWARD_EXPLANATION =
  'Docker set the FORWARD policy to DROP. Packets routed for the libvirt networks and bridges that no ' +
  'rule accepts are dropped — VMs lose their network silently (bridged guests, routed and open ' +
  'networks, and NAT guests whenever libvirt’s own rules come after Docker’s). Rules in the DOCKER-USER ' +
  'chain, which Docker jumps to first and never rewrites, accept the libvirt bridges only; containers ' +
  'stay protected.'

/**
 * The FORWARD DROP vs libvirt check: `conflict` when the policy is DROP and a libvirt bridge (given,
 * e.g. virbr0 from the default network, br0 of bridged guests) has no accept in DOCKER-USER.
 */
export function checkForward(ruleset: ForwardRuleset, libvirtBridges: readonly string[]): ForwardCheck {
  const bridges = [...new Set(libvirtBridges)].sort()
  if (ruleset.policy === undefined)
    return {
      status: 'not-applicable',
      affected: [],
      evidence: [],
      summary: 'No filter FORWARD chain was found.',
    }
  const policyLine =
    ruleset.source === 'nft'
      ? `FORWARD: policy ${ruleset.policy.toLowerCase()}`
      : `:FORWARD ${ruleset.policy}`
  if (bridges.length === 0)
    return {
      status: 'not-applicable',
      policy: ruleset.policy,
      affected: [],
      evidence: [policyLine],
      summary: 'No libvirt bridge on this host.',
    }
  if (ruleset.policy === 'ACCEPT')
    return {
      status: 'ok',
      policy: 'ACCEPT',
      affected: [],
      evidence: [policyLine],
      summary: 'The FORWARD policy is ACCEPT: Docker does not cut the libvirt bridges.',
    }
  const affected = bridges.filter((b) => !covered(ruleset, b))
  const evidence = [
    policyLine,
    ...ruleset.rules
      .filter(
        (r) =>
          r.chain === 'FORWARD' ||
          r.chain === 'DOCKER-USER' ||
          bridges.some((b) => r.inInterface === b || r.outInterface === b),
      )
      .map((r) => (ruleset.source === 'nft' ? `${r.chain}: ${r.text}` : `-A ${r.chain} ${r.text}`)),
  ]
  if (affected.length === 0)
    return {
      status: 'ok',
      policy: 'DROP',
      affected,
      evidence,
      summary: `The FORWARD policy is DROP, and DOCKER-USER accepts ${bridges.join(', ')}.`,
    }
  const apply = affected.flatMap((b) => acceptRules(b)).map((rule) => ['-I', 'DOCKER-USER', ...rule])
  return {
    status: 'conflict',
    policy: 'DROP',
    affected,
    evidence,
    summary: `The FORWARD policy is DROP and nothing accepts the libvirt bridge${affected.length > 1 ? 's' : ''} ${affected.join(', ')}: their guests can lose their network.`,
    fix: {
      chain: 'DOCKER-USER',
      apply,
      undo: apply.map((args) => ['-D', ...args.slice(1)]),
      explanation: FORWARD_EXPLANATION,
      alternatives: [
        'Not recommended: iptables -P FORWARD ACCEPT — opens every container to the network (the reason Docker sets DROP).',
        'Give Docker "iptables": false in /etc/docker/daemon.json — then Docker publishes no ports and its containers lose outbound NAT unless you write the rules.',
        'Start libvirtd after Docker so its LIBVIRT_FW* rules come first (covers NAT networks only, not bridged guests, and breaks again on the next Docker restart).',
      ],
    },
  }
}
