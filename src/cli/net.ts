import { parseArgs } from 'node:util'
import { AppError } from '@shared/errors.js'
import type { VirtualNetwork } from '@shared/networks.js'
import type { App } from '../main/app.js'
import { targetHost } from './checks.js'
import { call } from './hosts.js'
import type { Output } from './output.js'
import { table } from './output.js'
import { onOff } from './vm-common.js'
import { ADMIN_SUBCOMMANDS, ADMIN_USAGE, netAdminCommand } from './net-admin.js'

export const USAGE = `usage:
  virtdeck net list [--host NAME] [--json]
  virtdeck net start|stop NETWORK [--host NAME] [--json]
  virtdeck net autostart NETWORK on|off [--host NAME] [--json]
${ADMIN_USAGE}`

function networkRows(networks: VirtualNetwork[]): string {
  return table(
    ['NAME', 'STATE', 'AUTOSTART', 'BRIDGE', 'FORWARD', 'ADDRESS', 'DHCP'],
    networks.map((n) => [
      n.name,
      n.active ? 'active' : 'inactive',
      n.autostart ? 'yes' : 'no',
      n.bridge ?? '-',
      n.forwardMode,
      n.ipAddress ?? '-',
      n.dhcpRanges.map((r) => `${r.start}–${r.end}`).join(', ') || '-',
    ]),
  )
}

export async function netCommand(app: App, argv: string[], out: Output): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      host: { type: 'string' },
      json: { type: 'boolean' },
      yes: { type: 'boolean', short: 'y' },
      mode: { type: 'string' },
      ip: { type: 'string' },
      dhcp: { type: 'string' },
      ip6: { type: 'string' },
      dhcp6: { type: 'string' },
      bridge: { type: 'string' },
      'no-start': { type: 'boolean' },
      'dry-run': { type: 'boolean' },
    },
  })
  const [sub, name, arg] = positionals
  const host = targetHost(app, values.host)
  const needName = (): string => {
    if (name === undefined)
      throw new AppError('INVALID_INPUT', `net ${sub ?? ''}: name the network`, { detail: USAGE })
    return name
  }
  if (sub !== undefined && ADMIN_SUBCOMMANDS.has(sub))
    return netAdminCommand(app, host.id, host.name, positionals, values, out)
  switch (sub) {
    case 'list': {
      const networks = await call(app, 'networks.list', { hostId: host.id })
      out.result(networks, () =>
        networks.length === 0 ? `No virtual networks on ${host.name}.` : networkRows(networks),
      )
      return
    }
    case 'start':
    case 'stop': {
      const network = needName()
      const networks = await call(app, sub === 'start' ? 'networks.start' : 'networks.stop', {
        hostId: host.id,
        name: network,
      })
      out.result(networks, () => `${sub === 'start' ? 'Started' : 'Stopped'} network ${network}.`)
      return
    }
    case 'autostart': {
      const network = needName()
      const networks = await call(app, 'networks.setAutostart', {
        hostId: host.id,
        name: network,
        enabled: onOff(arg, USAGE),
      })
      out.result(
        networks,
        () => `Network ${network} ${arg === 'on' ? 'starts' : 'does not start'} when ${host.name} boots.`,
      )
      return
    }
    default:
      throw new AppError('INVALID_INPUT', sub ? `Unknown command: net ${sub}` : 'net: say what to do', {
        detail: USAGE,
      })
  }
}
