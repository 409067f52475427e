import { AppError } from '@shared/errors.js'
import type { NetworkMode, NetworkSpec } from '@shared/network-create.js'
import { NETWORK_MODES } from '@shared/network-create.js'
import type { App } from '../main/app.js'
import { call } from './hosts.js'
import type { Output } from './output.js'
import { table } from './output.js'
import { confirmOrStop } from './vm-common.js'

export const ADMIN_USAGE = `  virtdeck net create NAME [--mode nat|route|isolated|bridge] [--ip ADDR/PREFIX [--dhcp FIRST-LAST]]
                   [--ip6 ADDR/PREFIX [--dhcp6 FIRST-LAST]] [--bridge HOSTBRIDGE] [--no-start] [--dry-run] [--host NAME] [--json]
  virtdeck net edit NAME (same options: the whole new setting) [--host NAME] [--json]
  virtdeck net delete NETWORK [--yes] [--host NAME] [--json]
  virtdeck net leases NETWORK [--host NAME] [--json]
  virtdeck net addresses [--host NAME] [--json]        running VMs' IP addresses (DHCP, guest agent, ARP)`

export const ADMIN_SUBCOMMANDS = new Set(['create', 'edit', 'delete', 'leases', 'addresses'])

export interface NetAdminValues {
  yes?: boolean | undefined
  mode?: string | undefined
  ip?: string | undefined
  dhcp?: string | undefined
  ip6?: string | undefined
  dhcp6?: string | undefined
  bridge?: string | undefined
  'no-start'?: boolean | undefined
  'dry-run'?: boolean | undefined
}

function cidr(text: string, option: string): { address: string; prefix: number } {
  const slash = text.lastIndexOf('/')
  const prefix = Number(text.slice(slash + 1))
  if (slash <= 0 || !Number.isInteger(prefix))
    throw new AppError('INVALID_INPUT', `${option}: give the address with its prefix, like 192.168.150.1/24`)
  return { address: text.slice(0, slash), prefix }
}

function range(text: string | undefined, option: string): { dhcp?: { start: string; end: string } } {
  if (text === undefined) return {}
  const [start, end, extra] = text.split(/-(?=[^-]*$)|,/)
  if (start === undefined || end === undefined || extra !== undefined)
    throw new AppError(
      'INVALID_INPUT',
      `${option}: give the first and last address, like 192.168.150.10-192.168.150.254`,
    )
  return { dhcp: { start, end } }
}

export function specFrom(name: string, v: NetAdminValues): NetworkSpec {
  const mode = (v.mode ?? (v.bridge !== undefined ? 'bridge' : 'nat')) as NetworkMode
  if (!(NETWORK_MODES as readonly string[]).includes(mode))
    throw new AppError('INVALID_INPUT', `--mode: one of ${NETWORK_MODES.join(', ')}`)
  return {
    name,
    mode,
    ...(v.bridge === undefined ? {} : { hostBridge: v.bridge }),
    ...(v.ip === undefined ? {} : { ipv4: { ...cidr(v.ip, '--ip'), ...range(v.dhcp, '--dhcp') } }),
    ...(v.ip6 === undefined ? {} : { ipv6: { ...cidr(v.ip6, '--ip6'), ...range(v.dhcp6, '--dhcp6') } }),
  }
}

/** Network create/edit/delete, DHCP leases, and the running VMs' addresses. */
export async function netAdminCommand(
  app: App,
  hostId: string,
  hostName: string,
  [sub, name]: (string | undefined)[],
  values: NetAdminValues,
  out: Output,
): Promise<void> {
  if (sub === 'addresses') {
    const all = await call(app, 'vms.addresses', { hostId })
    const rows = all.flatMap((vm) =>
      vm.addresses.map((a) => [vm.name, a.address, a.interface, a.mac, a.source]),
    )
    out.result(all, () =>
      rows.length === 0
        ? `No addresses known for running VMs on ${hostName}.`
        : table(['VM', 'ADDRESS', 'INTERFACE', 'MAC', 'FROM'], rows),
    )
    return
  }
  if (name === undefined) throw new AppError('INVALID_INPUT', `net ${sub ?? ''}: name the network`)
  switch (sub) {
    case 'create':
    case 'edit': {
      const spec = specFrom(name, values)
      const preview = await call(app, 'networks.preview', {
        hostId,
        spec,
        ...(sub === 'edit' ? { existing: name } : {}),
      })
      for (const w of preview.warnings) if (!out.json) process.stderr.write(`warning: ${w}\n`)
      if (values['dry-run'] === true) {
        out.result(preview, () => preview.xml.trimEnd())
        return
      }
      if (sub === 'edit') {
        const edited = await call(app, 'networks.edit', { hostId, spec })
        out.result(edited, () => `Saved network ${name}.`)
        return
      }
      const start = values['no-start'] !== true
      const networks = await call(app, 'networks.create', { hostId, spec, start, autostart: start })
      out.result(networks, () => `Created network ${name}${start ? ' (running, starts at boot)' : ''}.`)
      return
    }
    case 'delete': {
      await confirmOrStop(values.yes === true, `Delete the network ${name} on ${hostName}?`)
      const networks = await call(app, 'networks.delete', { hostId, name })
      out.result(networks, () => `Deleted network ${name}.`)
      return
    }
    case 'leases': {
      const leases = await call(app, 'networks.leases', { hostId, name })
      out.result(leases, () =>
        leases.length === 0
          ? `No DHCP leases on ${name}.`
          : table(
              ['ADDRESS', 'MAC', 'HOSTNAME', 'EXPIRES'],
              leases.map((l) => [l.address, l.mac, l.hostname ?? '-', l.expires]),
            ),
      )
      return
    }
    default:
      throw new AppError('INVALID_INPUT', `Unknown command: net ${sub ?? ''}`)
  }
}
