import { randomUUID } from 'node:crypto'
import type { PlannedCommand } from '@shared/changes.js'
import type { DockerForwardPlan } from '@shared/container-fixes.js'
import type { Host } from '../host/host.js'
import { checkForward } from './docker/forward-check.js'
import { libvirtBridges, readForwardRuleset } from './docker/host-checks.js'

export type { DockerForwardPlan }

const CHAIN = 'DOCKER-USER'

/** `iptables -C DOCKER-USER RULE` (root): exit 0 when the rule is already there. */
async function present(host: Host, rule: readonly string[]): Promise<boolean> {
  const result = await host
    .privileged('iptables', ['-C', CHAIN, ...rule], { reason: 'Check whether a DOCKER-USER rule is present' })
    .catch(() => undefined)
  return result?.code === 0
}

/** The rules in DOCKER-USER as `iptables -S DOCKER-USER` prints them (root); [] when unreadable. */
export async function dockerUserRules(host: Host): Promise<string[]> {
  const result = await host
    .privileged('iptables', ['-S', CHAIN], { reason: 'Read the DOCKER-USER rules to verify the FORWARD fix' })
    .catch(() => undefined)
  if (result === undefined || result.code !== 0) return []
  return result.stdout
    .split(/\r?\n/)
    .map((line) => line.trim().replace(/\s+/g, ' '))
    .filter((line) => line.startsWith(`-A ${CHAIN} `))
}

/**
 * Plans the Docker-vs-libvirt FORWARD-DROP fix: `iptables -I DOCKER-USER` accepts for each libvirt
 * bridge the DROP policy cuts (rules already present are skipped), undone by `iptables -D` of
 * exactly the inserted rules. Blockers when there is no conflict to fix.
 */
export async function planDockerForward(host: Host, hostId: string): Promise<DockerForwardPlan> {
  const [ruleset, bridges] = await Promise.all([readForwardRuleset(host), libvirtBridges(host)])
  const check = checkForward(ruleset, bridges)
  const blockers: string[] = []
  const inserts: string[][] = []
  if (check.status !== 'conflict' || check.fix === undefined) {
    blockers.push(`${check.summary} Nothing to fix.`)
  } else if (!ruleset.chains.includes(CHAIN)) {
    blockers.push(
      `There is no ${CHAIN} chain: start the Docker daemon (it creates the chain), then preview again.`,
    )
  } else {
    for (const args of check.fix.apply) {
      const rule = args.slice(2)
      if (!(await present(host, rule))) inserts.push(rule)
    }
    if (inserts.length === 0)
      blockers.push(`${CHAIN} already holds every rule for ${check.affected.join(', ')}.`)
  }
  const commands: PlannedCommand[] = inserts.map((rule) => ({
    file: 'iptables',
    args: ['-I', CHAIN, ...rule],
    why: `Accept forwarding for the libvirt bridge ${rule[1] ?? ''} in ${CHAIN}`,
  }))
  const undoCommands: PlannedCommand[] = inserts.map((rule) => ({
    file: 'iptables',
    args: ['-D', CHAIN, ...rule],
    why: `Remove the ${CHAIN} rule VirtDeck added for ${rule[1] ?? ''}`,
  }))
  return {
    id: randomUUID(),
    hostId,
    createdAt: new Date().toISOString(),
    fix: 'docker-forward',
    bridges: check.affected,
    rules: inserts.map((rule) => [`-A`, CHAIN, ...rule].join(' ')),
    files: [],
    commands: blockers.length > 0 ? [] : commands,
    undoCommands: blockers.length > 0 ? [] : undoCommands,
    rebootRequired: false,
    blockers,
    notes: [
      check.fix?.explanation ?? check.summary,
      'The rules last until the next reboot (or firewall reload). To keep them, save them with iptables-persistent (netfilter-persistent save → /etc/iptables/rules.v4) or add the same iptables -I commands to a systemd unit ordered After=docker.service.',
      ...(check.fix?.alternatives ?? []),
    ],
  }
}
