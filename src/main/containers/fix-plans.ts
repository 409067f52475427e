import { randomUUID } from 'node:crypto'
import type { PlannedCommand } from '@shared/changes.js'
import type { DockerMtuPlan, LxcBridgePlan } from '@shared/container-fixes.js'
import { AppError } from '@shared/errors.js'
import { formatFileDiff } from '../changes/diff.js'
import type { Host } from '../host/host.js'
import { readTextOrNull } from '../changes/host-files.js'
import { detectDaemonControl, restartCommands, type DaemonControl } from './docker/daemon-control.js'
import { DAEMON_JSON, daemonJsonWithMtu, versionNumber } from './docker/mtu.js'
import { configValue, setConfigValue } from './lxc/config.js'

export const LXC_DEFAULT_CONF = '/etc/lxc/default.conf'
export const LXC_LINK_KEY = 'lxc.net.0.link'

export type { DockerMtuPlan, LxcBridgePlan }

async function ipJson<T>(host: Host, args: string[]): Promise<T[]> {
  const result = await host.exec('ip', ['-j', ...args]).catch(() => undefined)
  if (result === undefined || result.code !== 0) return []
  try {
    return JSON.parse(result.stdout) as T[]
  } catch {
    return []
  }
}

/** The default route's device and its MTU, or undefined when there is no default route. */
export async function uplinkMtu(host: Host): Promise<{ device: string; mtu: number } | undefined> {
  const device = (await ipJson<{ dev?: string }>(host, ['route', 'show', 'default']))[0]?.dev
  if (device === undefined) return undefined
  const mtu = (await ipJson<{ mtu?: number }>(host, ['link', 'show', 'dev', device]))[0]?.mtu
  return typeof mtu === 'number' ? { device, mtu } : undefined
}

/** `dockerd --version` → "20.10.24" (null when dockerd is not there). */
export async function dockerdVersion(host: Host): Promise<string | null> {
  const result = await host.exec('dockerd', ['--version']).catch(() => undefined)
  if (result === undefined || result.code !== 0) return null
  return /version\s+(\d+\.\d+(?:\.\d+)?)/i.exec(result.stdout)?.[1] ?? null
}

/**
 * The daemon's restart as plan commands, through privileged() like the containers code's restart.
 * A hand-started dockerd is stopped and started again with its own command line in one `sh -c`
 * whose script is fixed text: the pid and the arguments travel as positional parameters.
 */
function restartPlanCommands(control: DaemonControl): PlannedCommand[] {
  const why = 'Restart the Docker daemon so it uses the new MTU'
  if (control.kind === 'respawn') {
    const script =
      'kill -TERM "$1" 2>/dev/null; while [ -d "/proc/$1" ]; do sleep 0.1; done; shift; ' +
      'exec setsid -f "$@" >>/var/log/dockerd.log 2>&1 </dev/null'
    return [{ file: 'sh', args: ['-c', script, 'sh', String(control.pid), ...control.argv], why }]
  }
  return restartCommands(control).map(([file, ...args]) => ({ file: file ?? 'true', args, why }))
}

/** Plans `"mtu"` (and `default-network-opts` on Docker 24+) in daemon.json, validated, then a daemon restart. */
export async function planDockerMtu(host: Host, hostId: string): Promise<DockerMtuPlan> {
  const [uplink, version, before, control] = await Promise.all([
    uplinkMtu(host),
    dockerdVersion(host),
    readTextOrNull(host, DAEMON_JSON, { reason: `Read ${DAEMON_JSON} to plan the MTU fix` }),
    detectDaemonControl(host),
  ])
  const blockers: string[] = []
  const notes: string[] = []
  let after = before ?? ''
  if (uplink === undefined) {
    blockers.push('No default route: the uplink MTU is unknown, so there is no MTU to set.')
  } else {
    try {
      after = daemonJsonWithMtu(before, uplink.mtu, version ?? '0')
    } catch (error) {
      blockers.push(
        error instanceof AppError ? `${error.message}. ${error.detail ?? ''}`.trim() : String(error),
      )
    }
    if (blockers.length === 0 && after === before)
      blockers.push(`${DAEMON_JSON} already sets the MTU to ${uplink.mtu}; nothing to change.`)
  }
  const commands: PlannedCommand[] = []
  if (version !== null && versionNumber(version) >= 23)
    commands.push({
      file: 'dockerd',
      args: ['--validate', '--config-file', DAEMON_JSON],
      why: 'Check the new daemon.json the way dockerd reads it, before the restart',
    })
  else
    notes.push(
      `Docker ${version ?? '(version unknown)'} has no \`dockerd --validate\` (23 and later): the restart is the check.`,
    )
  commands.push(...restartPlanCommands(control))
  if (version !== null && versionNumber(version) < 24)
    notes.push(
      'User networks made before Docker 24 keep their MTU: recreate them with --opt com.docker.network.driver.mtu.',
    )
  notes.push('Running containers restart with the daemon unless they use live-restore.')
  notes.push(
    'Alternative (TCP only): clamp MSS to the path MTU: iptables -I FORWARD -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu',
  )
  return {
    id: randomUUID(),
    hostId,
    createdAt: new Date().toISOString(),
    fix: 'docker-mtu',
    mtu: uplink?.mtu ?? null,
    uplink: uplink?.device ?? null,
    files:
      blockers.length > 0
        ? []
        : [{ path: DAEMON_JSON, before, after, diff: formatFileDiff(DAEMON_JSON, before, after) }],
    commands: blockers.length > 0 ? [] : commands,
    rebootRequired: false,
    blockers,
    notes,
  }
}

/** Plans `lxc.net.0.link = BRIDGE` in /etc/lxc/default.conf (containers created from now on). */
export async function planLxcBridge(host: Host, hostId: string, bridge = 'virbr0'): Promise<LxcBridgePlan> {
  const before = await readTextOrNull(host, LXC_DEFAULT_CONF, {
    reason: `Read ${LXC_DEFAULT_CONF} to plan the bridge fix`,
  })
  const after = setConfigValue(before ?? '', LXC_LINK_KEY, bridge)
  const blockers =
    before !== null && configValue(before, LXC_LINK_KEY) === bridge
      ? [`${LXC_DEFAULT_CONF} already links new containers to ${bridge}; nothing to change.`]
      : []
  return {
    id: randomUUID(),
    hostId,
    createdAt: new Date().toISOString(),
    fix: 'lxc-bridge',
    bridge,
    files:
      blockers.length > 0
        ? []
        : [{ path: LXC_DEFAULT_CONF, before, after, diff: formatFileDiff(LXC_DEFAULT_CONF, before, after) }],
    commands: [],
    rebootRequired: false,
    blockers,
    notes: [
      `Containers created from now on attach to ${bridge}; existing ones keep their own lxc.net.0.link (set it per container).`,
      `${bridge} exists while libvirt's default network runs: virsh net-start default (and net-autostart).`,
    ],
  }
}
