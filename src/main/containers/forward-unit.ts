import { acceptRules } from './docker/forward-check.js'

/**
 * The FORWARD fix kept across reboots and daemon restarts: a oneshot systemd unit that (re)inserts
 * VirtDeck's DOCKER-USER accepts for the libvirt bridges once Docker and libvirtd are up. It holds
 * only VirtDeck's rules (unlike `netfilter-persistent save`, which would freeze Docker's and
 * libvirt's own chains too), runs again whenever docker.service restarts (PartOf + WantedBy), and
 * needs no shell: each rule is deleted (failure ignored, `-`) then inserted, so it never duplicates.
 */

export const FORWARD_UNIT = 'virtdeck-docker-libvirt.service'
export const FORWARD_UNIT_PATH = `/etc/systemd/system/${FORWARD_UNIT}`
const MARKER = '# Written by VirtDeck (Docker vs libvirt FORWARD fix).'

/** Names a unit line and iptables accept as one argument: what Linux allows for a bridge, minus odd bytes. */
export function safeBridgeName(name: string): boolean {
  return /^[A-Za-z0-9_.-]{1,15}$/.test(name)
}

/** The unit's text for these bridges (sorted, deduplicated); `iptables` is the host's absolute path. */
export function forwardUnit(iptables: string, bridges: readonly string[]): string {
  const sorted = [...new Set(bridges)].sort()
  const lines = [
    MARKER,
    '# Undo it from VirtDeck (Changes page or `virtdeck changes undo`), which also removes this file.',
    '[Unit]',
    `Description=VirtDeck: DOCKER-USER accepts forwarding for the libvirt bridges ${sorted.join(' ')}`,
    'After=docker.service libvirtd.service',
    'PartOf=docker.service',
    '',
    '[Service]',
    'Type=oneshot',
    'RemainAfterExit=yes',
  ]
  // Inserted last = first in the chain; the reply rule and the inbound rule per bridge, as the fix orders them.
  for (const bridge of sorted) {
    for (const rule of acceptRules(bridge)) {
      lines.push(`ExecStart=-${iptables} -w -D DOCKER-USER ${rule.join(' ')}`)
      lines.push(`ExecStart=${iptables} -w -I DOCKER-USER ${rule.join(' ')}`)
    }
  }
  lines.push('', '[Install]', 'WantedBy=multi-user.target docker.service', '')
  return lines.join('\n')
}

/** Whether a unit file is VirtDeck's (so a plan may extend it). */
export function isOurUnit(text: string): boolean {
  return text.startsWith(MARKER)
}

/** The bridges a VirtDeck unit covers (from its inbound `-I DOCKER-USER -i BRIDGE -j ACCEPT` lines). */
export function unitBridges(text: string): string[] {
  const bridges = new Set<string>()
  for (const match of text.matchAll(/^ExecStart=\S+ -w -I DOCKER-USER -i (\S+) -j ACCEPT$/gm))
    if (match[1] !== undefined) bridges.add(match[1])
  return [...bridges].sort()
}

/** What systemd runs at boot, as argument vectors (the leading `-` of an ignored failure dropped). */
export function unitCommands(text: string): { argv: string[]; mayFail: boolean }[] {
  return [...text.matchAll(/^ExecStart=(-?)(.+)$/gm)].map((m) => ({
    argv: (m[2] ?? '').split(' '),
    mayFail: m[1] === '-',
  }))
}
