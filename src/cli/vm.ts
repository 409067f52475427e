import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import type { VmAction } from '@shared/vms.js'
import { AppError } from '@shared/errors.js'
import type { HostView } from '@shared/hosts.js'
import type { DomainSummary } from '@shared/vms.js'
import type { App } from '../main/app.js'
import { decodeUtf8Xml } from '../main/libvirt/xml/index.js'
import { targetHost } from './checks.js'
import { call } from './hosts.js'
import type { Output } from './output.js'
import { table } from './output.js'
import { confirmOrStop, findVm, formatBytes, onOff } from './vm-common.js'
import { renameVm } from './vm-rename.js'

export const USAGE = `usage:
  virtdeck vm list [--host NAME | --all] [--json]
  virtdeck vm start|shutdown|reboot|destroy|suspend|resume NAME [--host NAME] [--json]
  virtdeck vm autostart NAME on|off [--host NAME] [--json]
  virtdeck vm info NAME [--host NAME] [--json]
  virtdeck vm xml NAME [--live] [--host NAME]
  virtdeck vm define NAME FILE [--reason TEXT] [--yes] [--host NAME] [--json]
  virtdeck vm history NAME [--host NAME] [--json]
  virtdeck vm restore NAME ID [--yes] [--host NAME] [--json]
  virtdeck vm delete NAME [--remove-storage PATH]... [--force] [--yes] [--host NAME] [--json]
  virtdeck vm rename NAME NEW-NAME [--host NAME] [--json]   (a shut-off VM; its XML history follows)

NAME is the VM's name (or UUID); --host defaults to This computer. define shows the diff against
the current definition and asks before applying it (--yes: do not ask); the replaced definition
is kept, and restore puts back any saved one (see history). destroy is a forced power off.`

const ACTIONS: Record<string, { action: VmAction; done: string }> = {
  start: { action: 'start', done: 'Started' },
  shutdown: { action: 'shutdown', done: 'Asked to shut down' },
  reboot: { action: 'reboot', done: 'Asked to reboot' },
  destroy: { action: 'destroy', done: 'Forced off' },
  suspend: { action: 'suspend', done: 'Paused' },
  resume: { action: 'resume', done: 'Resumed' },
}

function words(...parts: (string | undefined)[]): string {
  return parts.filter((p) => p !== undefined && p !== '').join(' ')
}

function memory(kib: number): string {
  return formatBytes(kib * 1024)
}

function vmRows(domains: DomainSummary[], hostName?: string): string[][] {
  return domains.map((d) => [
    ...(hostName === undefined ? [] : [hostName]),
    d.name,
    d.state,
    String(d.vcpus),
    memory(d.memoryKiB),
    d.autostart ? 'yes' : 'no',
    d.os ?? '-',
    d.cpuPercent === undefined ? '-' : `${d.cpuPercent} %`,
  ])
}

const HEADERS = ['NAME', 'STATE', 'VCPUS', 'MEMORY', 'AUTOSTART', 'OS', 'CPU']

/** A unified diff, + and - lines coloured on a terminal (the signs stay, for copy and for colour-blind eyes). */
export function colourDiff(diff: string): string {
  if (!process.stdout.isTTY) return diff
  return diff
    .split('\n')
    .map((line) =>
      line.startsWith('+') && !line.startsWith('+++')
        ? `\x1b[32m${line}\x1b[0m`
        : line.startsWith('-') && !line.startsWith('---')
          ? `\x1b[31m${line}\x1b[0m`
          : line,
    )
    .join('\n')
}

async function define(
  app: App,
  host: HostView,
  vm: DomainSummary,
  file: string | undefined,
  yes: boolean,
  reason: string | undefined,
  out: Output,
): Promise<void> {
  if (file === undefined)
    throw new AppError('INVALID_INPUT', 'vm define: name the XML file', { detail: USAGE })
  let bytes: Buffer
  try {
    bytes = await readFile(file)
  } catch (error) {
    throw new AppError('NOT_FOUND', `Cannot read ${file}`, {
      detail: error instanceof Error ? error.message : String(error),
    })
  }
  // Invalid UTF-8 is refused with its place, as libvirt does, never replaced by U+FFFD.
  const xml = decodeUtf8Xml(bytes, file)
  const ref = { hostId: host.id, uuid: vm.uuid, name: vm.name }
  const preview = await call(app, 'vms.xmlPreview', { ...ref, xml })
  if (!out.json && preview.diff !== '') process.stdout.write(`${colourDiff(preview.diff.trimEnd())}\n\n`)
  if (!preview.valid)
    throw new AppError('INVALID_INPUT', preview.problems[0] ?? 'libvirt does not accept this XML', {
      detail: preview.problems.slice(1).join('\n'),
      data: { preview },
    })
  if (!preview.changed) {
    out.result(
      { ...preview, defined: false },
      () => `No change: ${file} is the same definition as ${vm.name}'s.`,
    )
    return
  }
  if (preview.takesEffectAtNextBoot)
    out.info(`${vm.name} is running: the new definition takes effect at its next boot.`)
  await confirmOrStop(yes, `Apply this definition to ${vm.name}?`)
  const result = await call(app, 'vms.define', { ...ref, xml, ...(reason === undefined ? {} : { reason }) })
  out.result(result, () =>
    `Defined ${vm.name}. The previous definition is kept: virtdeck vm restore "${vm.name}" ${result.historyId ?? ''}`.trimEnd(),
  )
}

export async function vmCommand(app: App, argv: string[], out: Output): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      host: { type: 'string' },
      all: { type: 'boolean' },
      json: { type: 'boolean' },
      yes: { type: 'boolean', short: 'y' },
      live: { type: 'boolean' },
      reason: { type: 'string' },
      force: { type: 'boolean' },
      'remove-storage': { type: 'string', multiple: true },
    },
  })
  const [sub, name, arg] = positionals
  const yes = values.yes === true
  if (sub === 'list' && values.all === true) {
    const all = await call(app, 'vms.listAll', {})
    out.result(all, () => {
      const rows = all.hosts.flatMap((h) => vmRows(h.domains, h.hostName))
      const problems = all.hosts
        .filter((h) => h.error !== undefined)
        .map((h) => `${h.hostName}: ${h.error?.message ?? ''}`)
      return [table(['HOST', ...HEADERS], rows), ...problems].join('\n')
    })
    return
  }
  const host = targetHost(app, values.host)
  const action = ACTIONS[sub ?? '']
  if (action !== undefined) {
    const vm = await findVm(app, host, name, USAGE)
    const after = await call(app, 'vms.action', {
      hostId: host.id,
      uuid: vm.uuid,
      name: vm.name,
      action: action.action,
    })
    out.result(after, () => `${action.done}: ${vm.name} (${after.state}).`)
    return
  }
  switch (sub) {
    case 'list': {
      const domains = await call(app, 'vms.list', { hostId: host.id })
      out.result(domains, () =>
        domains.length === 0 ? `No virtual machines on ${host.name}.` : table(HEADERS, vmRows(domains)),
      )
      return
    }
    case 'autostart': {
      const vm = await findVm(app, host, name, USAGE)
      const after = await call(app, 'vms.setAutostart', {
        hostId: host.id,
        uuid: vm.uuid,
        name: vm.name,
        enabled: onOff(arg, USAGE),
      })
      out.result(
        after,
        () => `${vm.name} ${after.autostart ? 'starts' : 'does not start'} when ${host.name} boots.`,
      )
      return
    }
    case 'info': {
      const vm = await findVm(app, host, name, USAGE)
      const d = await call(app, 'vms.details', { hostId: host.id, uuid: vm.uuid, name: vm.name })
      const o = d.overview
      out.result(d, () =>
        [
          `${d.name} (${d.uuid}) on ${host.name}: ${d.state}`,
          `  machine   ${o.machine ?? '-'} (${o.arch ?? '-'}), firmware ${o.firmware === 'uefi' ? `UEFI${o.secureBoot ? ' with Secure Boot' : ''}` : 'BIOS'}`,
          `  CPU       ${o.vcpus} vCPUs, mode ${o.cpuMode ?? 'default'}${o.cpuModel === undefined ? '' : ` (${o.cpuModel})`}`,
          `  memory    ${memory(o.currentMemoryKiB)} of ${memory(o.memoryKiB)}`,
          ...d.disks.map(
            (k) =>
              `  disk      ${words(k.target, k.device, k.bus, k.format, k.path ?? '-', k.capacity === undefined ? undefined : formatBytes(k.capacity))}`,
          ),
          ...d.nics.map((n) => `  NIC       ${words(n.type, n.source, n.model, n.mac)}`),
          ...d.graphics.map(
            (g) =>
              `  graphics  ${g.type}${g.port === undefined ? '' : ` port ${g.port}`}${g.listen === undefined ? '' : ` on ${g.listen}`}`,
          ),
          ...d.hostdevs.map((h) => `  hostdev   ${h.type} ${h.address}${h.managed ? ' (managed)' : ''}`),
        ].join('\n'),
      )
      return
    }
    case 'xml': {
      const vm = await findVm(app, host, name, USAGE)
      const xml = await call(app, 'vms.xml', {
        hostId: host.id,
        uuid: vm.uuid,
        name: vm.name,
        inactive: values.live !== true,
      })
      out.result({ name: vm.name, uuid: vm.uuid, xml }, () => xml.trimEnd())
      return
    }
    case 'rename':
      await renameVm(app, host, name, arg, USAGE, out)
      return
    case 'define':
      await define(app, host, await findVm(app, host, name, USAGE), arg, yes, values.reason, out)
      return
    case 'history': {
      const vm = await findVm(app, host, name, USAGE)
      const entries = await call(app, 'vms.history', { hostId: host.id, uuid: vm.uuid, name: vm.name })
      out.result(entries, () =>
        entries.length === 0
          ? `No saved definitions of ${vm.name}.`
          : table(
              ['ID', 'SAVED', 'REASON'],
              entries.map((e) => [String(e.id), e.savedAt, e.reason]),
            ),
      )
      return
    }
    case 'restore': {
      const vm = await findVm(app, host, name, USAGE)
      const id = Number(arg)
      if (!Number.isInteger(id) || id < 1)
        throw new AppError(
          'INVALID_INPUT',
          'vm restore: give the ID of a saved definition (see vm history)',
          { detail: USAGE },
        )
      const entry = (await call(app, 'vms.history', { hostId: host.id, uuid: vm.uuid, name: vm.name })).find(
        (e) => e.id === id,
      )
      if (entry === undefined)
        throw new AppError('NOT_FOUND', `${vm.name} has no saved definition ${id}`, {
          detail: `List them with: virtdeck vm history "${vm.name}"`,
        })
      await confirmOrStop(
        yes,
        `Restore the definition of ${vm.name} saved ${entry.savedAt} (${entry.reason})?`,
      )
      const result = await call(app, 'vms.restore', { hostId: host.id, historyId: id })
      out.result(result, () =>
        result.changed
          ? `Restored ${vm.name}.${result.takesEffectAtNextBoot ? ' It takes effect at the next boot.' : ''}`
          : `${vm.name} already has that definition.`,
      )
      return
    }
    case 'delete': {
      const vm = await findVm(app, host, name, USAGE)
      const plan = await call(app, 'vms.deletionPlan', { hostId: host.id, uuid: vm.uuid, name: vm.name })
      const remove = values['remove-storage'] ?? []
      if (!out.json) {
        const disks = plan.disks.map(
          (d) =>
            `  ${remove.includes(d.path) ? 'remove' : 'keep  '}  ${d.path} (${d.target}, ${formatBytes(d.size)})`,
        )
        process.stdout.write(
          `Delete ${vm.name}${plan.running ? ' (running: it is forced off first)' : ''}:\n${disks.join('\n') || '  no disks'}\n\n`,
        )
      }
      if (plan.running && values.force !== true)
        throw new AppError('CONFLICT', `${vm.name} is running`, {
          detail: 'Force it off first, or add --force.',
        })
      await confirmOrStop(yes, `Delete ${vm.name}?`)
      const result = await call(app, 'vms.delete', {
        hostId: host.id,
        uuid: vm.uuid,
        name: vm.name,
        removeStorage: remove,
        forceOff: values.force === true,
      })
      out.result(result, () =>
        [
          `Deleted ${vm.name}.`,
          ...result.removed.map((p) => `  removed ${p}`),
          ...result.failed.map((f) => `  NOT removed ${f.path}: ${f.reason}`),
        ].join('\n'),
      )
      return
    }
    default:
      throw new AppError('INVALID_INPUT', sub ? `Unknown command: vm ${sub}` : 'vm: say what to do', {
        detail: USAGE,
      })
  }
}
