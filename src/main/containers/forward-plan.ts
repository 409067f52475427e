import { randomUUID } from 'node:crypto'
import type { PlannedCommand } from '@shared/changes.js'
import type { DockerForwardPlan } from '@shared/container-fixes.js'
import type { Host } from '../host/host.js'
import { formatFileDiff } from '../changes/diff.js'
import { readTextOrNull } from '../changes/host-files.js'
import { checkForward } from './docker/forward-check.js'
import { libvirtBridges, readForwardRuleset } from './docker/host-checks.js'
import {
  FORWARD_UNIT,
  FORWARD_UNIT_PATH,
  forwardUnit,
  isOurUnit,
  safeBridgeName,
  unitBridges,
} from './forward-unit.js'

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

/** How the host could keep the rules: systemctl's answer, iptables' absolute path, systemd running. */
async function persistence(host: Host): Promise<{
  systemctl: boolean
  booted: boolean
  iptables: string
  enabled: boolean
}> {
  const ok = async (file: string, args: string[]): Promise<{ code: number | null; stdout: string }> =>
    host.exec(file, args).catch(() => ({ code: 1, stdout: '' }))
  const [version, booted, which, enabled] = await Promise.all([
    ok('systemctl', ['--version']),
    ok('test', ['-d', '/run/systemd/system']),
    ok('sh', ['-c', 'command -v iptables']),
    ok('systemctl', ['is-enabled', FORWARD_UNIT]),
  ])
  const path = which.stdout.trim()
  return {
    systemctl: version.code === 0,
    booted: booted.code === 0,
    iptables: path.startsWith('/') ? path : '/usr/sbin/iptables',
    enabled: enabled.code === 0 && enabled.stdout.trim() === 'enabled',
  }
}

const PERSISTENCE_NOTE =
  `Kept across reboots and Docker restarts by the systemd unit ${FORWARD_UNIT} (After=docker.service libvirtd.service, ` +
  'PartOf=docker.service): it re-inserts only these rules once both daemons are up, and again whenever Docker restarts. ' +
  'Not iptables-persistent: `netfilter-persistent save` would store the whole ruleset, Docker’s and libvirt’s own chains ' +
  'included, and restore them at boot before either daemon — stale container rules and duplicates. Docker itself never ' +
  'rewrites DOCKER-USER, and a libvirt network restart leaves it alone.'

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
  const odd = check.affected.filter((b) => !safeBridgeName(b))
  if (odd.length > 0)
    blockers.push(
      `Bridge names VirtDeck will not write into a unit file: ${odd.map((b) => JSON.stringify(b)).join(', ')}.`,
    )
  const keep = await persistence(host)
  const files: DockerForwardPlan['files'] = []
  const notes: string[] = []
  const enable: PlannedCommand[] = []
  const disable: PlannedCommand[] = []
  if (keep.systemctl) {
    const before = await readTextOrNull(host, FORWARD_UNIT_PATH, {
      reason: `Read ${FORWARD_UNIT_PATH} to plan the FORWARD fix`,
    })
    if (before !== null && !isOurUnit(before))
      blockers.push(`${FORWARD_UNIT_PATH} exists and is not VirtDeck’s: move it away, then preview again.`)
    const bridges = [...check.affected, ...(before === null ? [] : unitBridges(before))]
    const after = forwardUnit(keep.iptables, bridges)
    if (after !== before)
      files.push({
        path: FORWARD_UNIT_PATH,
        before,
        after,
        diff: formatFileDiff(FORWARD_UNIT_PATH, before, after),
      })
    if (!keep.enabled) {
      const why = `Enable ${FORWARD_UNIT} so the rules come back after a reboot and each Docker restart`
      enable.push({ file: 'systemctl', args: ['enable', FORWARD_UNIT], why })
      disable.push({ file: 'systemctl', args: ['disable', FORWARD_UNIT], why: `Disable ${FORWARD_UNIT}` })
    }
    notes.push(PERSISTENCE_NOTE)
    if (!keep.booted)
      notes.push(
        'systemd is not running on this host now (it was not booted with it): the unit is installed and enabled, and runs on the next boot with systemd.',
      )
  } else {
    notes.push(
      'This host has no systemd: the rules last until the next reboot or firewall reload. Keep them with the init system’s firewall script (the same iptables -I lines, run after Docker starts).',
    )
  }
  const commands: PlannedCommand[] = [
    ...inserts.map((rule) => ({
      file: 'iptables',
      args: ['-I', CHAIN, ...rule],
      why: `Accept forwarding for the libvirt bridge ${rule[1] ?? ''} in ${CHAIN}`,
    })),
    ...enable,
  ]
  const undoCommands: PlannedCommand[] = [
    ...disable,
    ...inserts.map((rule) => ({
      file: 'iptables',
      args: ['-D', CHAIN, ...rule],
      why: `Remove the ${CHAIN} rule VirtDeck added for ${rule[1] ?? ''}`,
    })),
  ]
  return {
    id: randomUUID(),
    hostId,
    createdAt: new Date().toISOString(),
    fix: 'docker-forward',
    bridges: check.affected,
    rules: inserts.map((rule) => [`-A`, CHAIN, ...rule].join(' ')),
    files: blockers.length > 0 ? [] : files,
    commands: blockers.length > 0 ? [] : commands,
    undoCommands: blockers.length > 0 ? [] : undoCommands,
    rebootRequired: false,
    blockers,
    notes: [check.fix?.explanation ?? check.summary, ...notes, ...(check.fix?.alternatives ?? [])],
  }
}
