import type { LxcStartFailure } from '@shared/containers.js'

/** The value of a key in an LXC config (`key = value`, last one wins, comments ignored). */
export function configValue(text: string, key: string): string | undefined {
  let value: string | undefined
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([\w.]+)\s*=\s*(.*?)\s*$/.exec(line)
    if (match !== null && match[1] === key) value = match[2]
  }
  return value
}

/**
 * Sets `key = value` in an LXC config, byte-preserving otherwise: the existing line is replaced in
 * place (the first; later duplicates are dropped), else the line is appended (with a newline before
 * it when the file does not end in one).
 */
export function setConfigValue(text: string, key: string, value: string): string {
  const lines = text.split('\n')
  let done = false
  const out: string[] = []
  for (const line of lines) {
    const match = /^(\s*)([\w.]+)(\s*=\s*)(.*?)(\s*)$/.exec(line)
    if (match !== null && match[2] === key) {
      if (done) continue
      out.push(`${match[1] ?? ''}${key}${match[3] ?? ' = '}${value}`)
      done = true
    } else out.push(line)
  }
  if (done) return out.join('\n')
  const base = text === '' || text.endsWith('\n') ? text : `${text}\n`
  return `${base}${key} = ${value}\n`
}

/** The network links of a container config (lxc.net.N.link, and LXC 1/2's lxc.network.link). */
export function configLinks(text: string): { index: number; link: string }[] {
  const links: { index: number; link: string }[] = []
  let legacy = 0
  for (const line of text.split(/\r?\n/)) {
    const modern = /^\s*lxc\.net\.(\d+)\.link\s*=\s*(\S+)/.exec(line)
    if (modern !== null) links.push({ index: Number(modern[1]), link: modern[2] ?? '' })
    const old = /^\s*lxc\.network\.link\s*=\s*(\S+)/.exec(line)
    if (old !== null) links.push({ index: legacy++, link: old[1] ?? '' })
  }
  return links
}

const MISSING_BRIDGE = [
  // LXC 3+: Failed to attach "vethX" to bridge "lxcbr0", bridge interface doesn't exist
  /Failed to attach "[^"]*" to bridge "([^"]+)", bridge interface doesn't exist/,
  // LXC 1.x: failed to attach 'vethX' to the bridge 'lxcbr0': No such device
  /failed to attach '[^']*' to the bridge '([^']+)': No such device/,
]

export const MISSING_BRIDGE_EXPLANATION =
  'The container’s network is a veth pair plugged into a bridge, and that bridge does not exist on ' +
  'this host. `lxcbr0` is made by the `lxc-net` service, which is not running here (RHEL-family hosts ' +
  'do not have it at all). Either point the container at a bridge that exists — libvirt’s `virbr0`, ' +
  'from its `default` network (start that network first) — or start `lxc-net`.'

/**
 * Reads an `lxc-start --logfile` log (or its pasted output): a missing bridge is recognised and
 * explained with its fix as data; anything else returns its error lines.
 */
export function readStartFailure(
  log: string,
  options: { configPath: string; fixBridge?: string } = { configPath: '/etc/lxc/default.conf' },
): LxcStartFailure {
  const errors = log.split(/\r?\n/).filter((l) => /\bERROR\b|failed|Failed/.test(l))
  const excerpt = errors.slice(0, 12).map((l) => l.trim())
  for (const pattern of MISSING_BRIDGE) {
    const match = pattern.exec(log)
    if (match === null) continue
    const bridge = match[1] ?? ''
    const target = options.fixBridge ?? 'virbr0'
    return {
      kind: 'missing-bridge',
      bridge,
      explanation: MISSING_BRIDGE_EXPLANATION,
      logExcerpt: excerpt,
      fix: {
        path: options.configPath,
        key: 'lxc.net.0.link',
        value: target,
        alternatives: [
          `Start libvirt's default network for ${target}: virsh net-start default`,
          `Or keep ${bridge} and start the lxc-net service (systemctl start lxc-net) where it exists`,
          'Or set the link in /etc/lxc/default.conf for containers created from now on',
        ],
      },
    }
  }
  return {
    kind: 'other',
    explanation: 'The container failed to start; the log lines below say why.',
    logExcerpt: excerpt,
  }
}
