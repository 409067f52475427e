import type { MtuCheck, MtuSetting } from '@shared/container-fixes.js'

export type { MtuCheck, MtuSetting }
import { parseDaemonJson, setDaemonJsonKey } from './daemon-json.js'

export const DAEMON_JSON = '/etc/docker/daemon.json'

/** `--mtu 1400` / `--mtu=1400` in an OPTIONS line or an ExecStart. */
export function mtuFlag(text: string): number | undefined {
  const match = /(?:^|[\s'"])--mtu(?:=|\s+)(\d+)/.exec(text)
  return match === null ? undefined : Number(match[1])
}

/** What daemon.json, /etc/sysconfig/docker and the unit say about the MTU. */
export function readMtuSettings(files: {
  daemonJson?: string
  sysconfig?: string
  unit?: string
}): MtuSetting[] {
  const found: MtuSetting[] = []
  if (files.daemonJson !== undefined && files.daemonJson.trim() !== '') {
    const json = parseDaemonJson(files.daemonJson)
    if (typeof json['mtu'] === 'number') found.push({ mtu: json['mtu'], source: 'daemon.json' })
    const opts = json['default-network-opts'] as Record<string, Record<string, string>> | undefined
    const bridgeMtu = Number(opts?.['bridge']?.['com.docker.network.driver.mtu'])
    if (Number.isInteger(bridgeMtu) && bridgeMtu > 0)
      found.push({ mtu: bridgeMtu, source: 'daemon.json default-network-opts' })
  }
  for (const [text, source] of [
    [files.sysconfig, '/etc/sysconfig/docker'],
    [files.unit, 'systemd unit'],
  ] as const) {
    for (const line of (text ?? '').split(/\r?\n/)) {
      if (/^\s*#/.test(line)) continue
      if (source === '/etc/sysconfig/docker' && !/^\s*OPTIONS=/.test(line)) continue
      if (source === 'systemd unit' && !/^\s*ExecStart=/.test(line)) continue
      const mtu = mtuFlag(line)
      if (mtu !== undefined) found.push({ mtu, source, line: line.trim() })
    }
  }
  return found
}

/** Docker's major.minor as a number (20.10 → 20.1, 24.0 → 24). */
export function versionNumber(version: string): number {
  const [major, minor] = version.split('.')
  return Number(major) + Number(minor ?? 0) / 100
}

/**
 * daemon.json with `"mtu"` (docker0) and, on Docker 24+, `default-network-opts` (new user networks)
 * set to `mtu`; every other byte as it was.
 */
export function daemonJsonWithMtu(before: string | null, mtu: number, dockerVersion: string): string {
  let after = setDaemonJsonKey(before ?? '', 'mtu', mtu)
  if (versionNumber(dockerVersion) >= 24) {
    const json = parseDaemonJson(after)
    const opts = (json['default-network-opts'] as Record<string, Record<string, string>> | undefined) ?? {}
    after = setDaemonJsonKey(after, 'default-network-opts', {
      ...opts,
      bridge: { ...(opts['bridge'] ?? {}), 'com.docker.network.driver.mtu': String(mtu) },
    })
  }
  return after
}

/**
 * Containers' MTU against the host uplink's: a container network with a bigger MTU than the link
 * (1500 over a 1450 VPN or cloud link) loses large packets. The fix is data: `"mtu"` in daemon.json
 * for docker0 and, on Docker 24+, `default-network-opts` for new user networks.
 */
export function checkMtu(input: {
  uplink?: { device: string; mtu: number }
  networks: { name: string; mtu: number }[]
  daemonJson: string | null
  dockerVersion: string
  settings: MtuSetting[]
}): MtuCheck {
  const { uplink, networks, settings } = input
  if (uplink === undefined)
    return { status: 'unknown', networks, settings, summary: 'No default route: the uplink MTU is unknown.' }
  const tooBig = networks.filter((n) => n.mtu > uplink.mtu)
  if (tooBig.length === 0)
    return {
      status: 'ok',
      uplink,
      networks,
      settings,
      summary: `Docker networks fit the uplink ${uplink.device} (MTU ${uplink.mtu}).`,
    }
  const before = input.daemonJson
  const after = daemonJsonWithMtu(before, uplink.mtu, input.dockerVersion)
  const modern = versionNumber(input.dockerVersion) >= 24
  return {
    status: 'too-big',
    uplink,
    networks,
    settings,
    summary: `${tooBig.map((n) => `${n.name} (MTU ${n.mtu})`).join(', ')} exceed${tooBig.length === 1 ? 's' : ''} the uplink ${uplink.device} (MTU ${uplink.mtu}): large packets from containers are lost.`,
    fix: {
      change: {
        path: DAEMON_JSON,
        before,
        after,
        reason: `Container MTU ${uplink.mtu} to match ${uplink.device}${modern ? ' (docker0 and new user networks)' : ' (docker0; user networks need --opt com.docker.network.driver.mtu on Docker before 24)'}`,
      },
      ...(versionNumber(input.dockerVersion) >= 23
        ? { validate: ['dockerd', '--validate', '--config-file', DAEMON_JSON] }
        : {}),
      restart: true,
      alternative:
        'Or clamp TCP MSS to the path MTU instead (TCP only): iptables -I FORWARD -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu',
    },
  }
}
