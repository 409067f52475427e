import { parseArgs } from 'node:util'
import { AppError } from '@shared/errors.js'
import type { SnapshotKind, SnapshotTree, SnapshotVerdict, VmSnapshot } from '@shared/snapshots.js'
import type { App } from '../main/app.js'
import { targetHost } from './checks.js'
import { confirmed } from './confirm.js'
import { call } from './hosts.js'
import type { Output } from './output.js'
import { table } from './output.js'
import { findVm } from './vm-common.js'

export const USAGE = `usage:
  virtdeck snapshot list VM [--host NAME] [--json]
  virtdeck snapshot create VM [SNAPSHOT] [--description TEXT] [--memory] [--internal | --external] [--host NAME] [--json]
  virtdeck snapshot revert VM SNAPSHOT [--yes] [--host NAME] [--json]
  virtdeck snapshot delete VM SNAPSHOT [--yes] [--host NAME] [--json]

VM is the VM's name (or UUID); --host defaults to This computer. list shows the tree (* marks the
current snapshot) and what is safe on this VM and host, with the reason for what is not. create
names the snapshot after the date unless SNAPSHOT is given; --memory saves a running VM's memory
too. Internal snapshots live inside the qcow2 disks, external ones in new files beside them; a VM
never gets both. revert says what it throws away and asks first (--yes: do not ask); delete keeps
the snapshot's children (they move up to its parent).`

function verdictText(label: string, verdict: SnapshotVerdict): string {
  return verdict.allowed ? `${label}: yes` : `${label}: no — ${verdict.reason}`
}

function depthOf(snapshot: VmSnapshot, byName: Map<string, VmSnapshot>): number {
  let depth = 0
  for (let p = snapshot.parent; p !== undefined && depth < 1000; p = byName.get(p)?.parent) depth++
  return depth
}

export function treeText(tree: SnapshotTree, hostName: string): string {
  const byName = new Map(tree.snapshots.map((s) => [s.name, s]))
  const rows = tree.snapshots.map((s) => [
    `${s.current ? '*' : ' '} ${'  '.repeat(depthOf(s, byName))}${s.name}`,
    s.createdAt.slice(0, 19).replace('T', ' '),
    s.state,
    s.memory === 'none' ? (s.diskOnly ? 'disk-only' : 'no') : 'yes',
    s.location,
    (s.description ?? '').replace(/\s+/g, ' ').slice(0, 60),
  ])
  const p = tree.policy
  return [
    tree.snapshots.length === 0
      ? `${tree.vm.name} on ${hostName} has no snapshots.`
      : table(['  NAME', 'TAKEN (UTC)', 'STATE', 'MEMORY', 'KIND', 'DESCRIPTION'], rows),
    '',
    `On ${hostName} (libvirt ${p.libvirtVersion}):`,
    `  ${verdictText('internal snapshots', p.internal)}`,
    `  ${verdictText('external snapshots', p.external)}`,
    `  ${verdictText('with memory', p.memory)}`,
    ...tree.snapshots.flatMap((s) => [
      ...(s.revert.allowed ? [] : [`  revert to “${s.name}”: no — ${s.revert.reason}`]),
      ...(s.delete.allowed ? [] : [`  delete “${s.name}”: no — ${s.delete.reason}`]),
    ]),
  ].join('\n')
}

function snapshotName(name: string | undefined): string {
  if (name === undefined || name === '')
    throw new AppError('INVALID_INPUT', 'Name the snapshot', { detail: USAGE })
  return name
}

export async function snapshotCommand(app: App, argv: string[], out: Output): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      host: { type: 'string' },
      json: { type: 'boolean' },
      yes: { type: 'boolean', short: 'y' },
      description: { type: 'string' },
      memory: { type: 'boolean' },
      internal: { type: 'boolean' },
      external: { type: 'boolean' },
    },
  })
  const [sub, vmName, snap] = positionals
  if (!['list', 'create', 'revert', 'delete'].includes(sub ?? ''))
    throw new AppError('INVALID_INPUT', `Unknown snapshot command: ${sub ?? '(none)'}`, { detail: USAGE })
  const host = targetHost(app, values.host)
  const vm = await findVm(app, host, vmName, USAGE)
  const ref = { hostId: host.id, uuid: vm.uuid, name: vm.name }
  switch (sub) {
    case 'list': {
      const tree = await call(app, 'snapshots.list', ref)
      out.result(tree, () => treeText(tree, host.name))
      return
    }
    case 'create': {
      if (values.internal === true && values.external === true)
        throw new AppError('INVALID_INPUT', 'Choose --internal or --external, not both')
      const kind: SnapshotKind | undefined =
        values.internal === true ? 'internal' : values.external === true ? 'external' : undefined
      const result = await call(app, 'snapshots.create', {
        ...ref,
        snapshot: {
          ...(snap === undefined ? {} : { name: snap }),
          ...(values.description === undefined ? {} : { description: values.description }),
          memory: values.memory === true,
          ...(kind === undefined ? {} : { kind }),
        },
      })
      const s = result.snapshot
      out.result(
        result,
        () =>
          `Took snapshot “${s.name}” of ${vm.name} (${s.location}, ${s.memory === 'none' ? 'disks only' : 'with memory'}).`,
      )
      return
    }
    case 'revert': {
      const name = snapshotName(snap)
      const tree = await call(app, 'snapshots.list', ref)
      const target = tree.snapshots.find((s) => s.name === name)
      if (target !== undefined && target.revert.allowed && !out.json) {
        out.info(`Reverting ${vm.name} to “${name}” throws away:`)
        for (const line of target.revertLoses) out.info(`  - ${line}`)
      }
      // Refusals (and an unknown name) come from main, before anything is asked.
      if (target === undefined || !target.revert.allowed) {
        await call(app, 'snapshots.revert', { ...ref, snapshot: name })
        return
      }
      await confirmed(values.yes === true, `Revert ${vm.name} to “${name}”?`)
      const result = await call(app, 'snapshots.revert', { ...ref, snapshot: name })
      out.result(result, () => `Reverted ${vm.name} to “${name}”; it is now ${result.state}.`)
      return
    }
    default: {
      const name = snapshotName(snap)
      const tree = await call(app, 'snapshots.list', ref)
      const target = tree.snapshots.find((s) => s.name === name)
      if (target !== undefined && target.delete.allowed) {
        const kids =
          target.children.length > 0 ? ` (its children ${target.children.join(', ')} are kept)` : ''
        await confirmed(values.yes === true, `Delete snapshot “${name}” of ${vm.name}${kids}?`)
      }
      const result = await call(app, 'snapshots.delete', { ...ref, snapshot: name })
      out.result(
        result,
        () =>
          `Deleted snapshot “${name}” of ${vm.name}.` +
          (result.reparented.length > 0 ? ` Kept its children: ${result.reparented.join(', ')}.` : ''),
      )
    }
  }
}
