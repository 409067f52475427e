import { AppError } from '@shared/errors.js'
import type {
  SnapshotCreateResult,
  SnapshotCreateSpec,
  SnapshotDeleteResult,
  SnapshotKind,
  SnapshotRevertResult,
  SnapshotTree,
  SnapshotVerdict,
  VmSnapshot,
} from '@shared/snapshots.js'
import type { DomainRef } from '@shared/vms.js'
import { refLabel } from '../libvirt/domain-ref.js'
import type { LibvirtConnection } from '../libvirt/libvirt-connection.js'
import { stateFromText } from '../libvirt/virsh-parse.js'
import { buildElement, createElement, createText } from '../libvirt/xml/index.js'
import type { LibvirtConnections } from '../vms/libvirt-connections.js'
import type { VmRef } from '../vms/vm-service.js'
import type { Gathered } from './facts.js'
import { dirOf, gather } from './facts.js'
import { orderTree } from './model.js'
import type { SnapshotRecord } from './model.js'
import {
  createVerdict,
  deleteVerdict,
  revertLosses,
  revertVerdict,
  snapshotDisks,
  snapshotPolicy,
} from './rules.js'

/** Snapshots can write the guest's whole memory: far longer than a query. */
const SNAPSHOT_TIMEOUT_MS = 3600_000

function ref(vm: VmRef): DomainRef {
  return vm.name === undefined ? { uuid: vm.uuid } : { uuid: vm.uuid, name: vm.name }
}

function enforce(verdict: SnapshotVerdict): void {
  if (!verdict.allowed) throw new AppError('UNSUPPORTED', verdict.reason, { detail: 'Nothing was changed.' })
}

/** The snapshot tree of a VM with each snapshot's verdicts (see rules.ts), as the channels return it. */
export function treeOf(g: Gathered): SnapshotTree {
  const snapshots: VmSnapshot[] = orderTree(g.records).map(({ record, children }) => ({
    ...record,
    children,
    current: record.name === g.current,
    revert: revertVerdict(g.facts, record),
    delete: deleteVerdict(g.facts, record),
    revertLoses: revertLosses(g.facts, record),
  }))
  return {
    vm: { name: g.facts.vmName, uuid: g.uuid, state: g.facts.state },
    snapshots,
    ...(g.current === undefined ? {} : { current: g.current }),
    policy: snapshotPolicy(g.facts, g.records),
  }
}

/** `<domainsnapshot>` for a new snapshot: every disk named, the ones not covered with snapshot='no'. */
export function snapshotXml(
  g: Gathered,
  name: string,
  kind: SnapshotKind,
  memory: boolean,
  description: string | undefined,
): string {
  const covered = new Set(snapshotDisks(g.facts).map((d) => d.target))
  const first = snapshotDisks(g.facts)[0]?.path ?? '/var/lib/libvirt/images/x'
  const memoryEl = !memory
    ? createElement('memory', { snapshot: 'no' })
    : kind === 'internal'
      ? createElement('memory', { snapshot: 'internal' })
      : createElement('memory', { snapshot: 'external', file: `${dirOf(first)}/${g.uuid}.${name}.mem` })
  const el = createElement('domainsnapshot', {}, [
    createElement('name', {}, [createText(name)]),
    ...(description === undefined || description === ''
      ? []
      : [createElement('description', {}, [createText(description)])]),
    memoryEl,
    createElement(
      'disks',
      {},
      g.targets.map((target) =>
        createElement('disk', { name: target, snapshot: covered.has(target) ? kind : 'no' }),
      ),
    ),
  ])
  return `${buildElement(el)}\n`
}

function defaultName(now: Date): string {
  return now.toISOString().slice(0, 19).replace('T', '_').replaceAll(':', '-')
}

/**
 * Snapshots of VMs: the tree with what is safe (rules.ts, enforced here before libvirt sees the
 * request, so a refusal is explained instead of being libvirt's raw error), create, revert, delete.
 * Each mutation is audited.
 */
export class SnapshotService {
  constructor(private readonly options: { connections: LibvirtConnections }) {}

  private conn(hostId: string): Promise<LibvirtConnection> {
    return this.options.connections.get(hostId)
  }

  async list(vm: VmRef): Promise<SnapshotTree> {
    return treeOf(await gather(await this.conn(vm.hostId), ref(vm)))
  }

  async create(vm: VmRef, spec: SnapshotCreateSpec): Promise<SnapshotCreateResult> {
    const conn = await this.conn(vm.hostId)
    const name = spec.name ?? defaultName(new Date())
    return conn.audited(
      'snapshot.create',
      refLabel(ref(vm)),
      async () => {
        const g = await gather(conn, ref(vm))
        if (g.records.some((r) => r.name === name))
          throw new AppError('CONFLICT', `${g.facts.vmName} already has a snapshot named “${name}”`, {
            detail: 'Choose another name.',
          })
        const memory = spec.memory ?? false
        const kind = spec.kind ?? snapshotPolicy(g.facts, g.records).defaultKind
        if (kind === undefined) {
          const policy = snapshotPolicy(g.facts, g.records)
          throw new AppError('UNSUPPORTED', `${g.facts.vmName} cannot take a snapshot`, {
            detail: [policy.internal, policy.external]
              .map((v) => (v.allowed ? '' : v.reason))
              .join('\n')
              .trim(),
          })
        }
        enforce(createVerdict(g.facts, g.records, kind, memory))
        const xml = snapshotXml(g, name, kind, memory, spec.description)
        const args = ['snapshot-create', '--domain', g.uuid, '--xmlfile']
        const flags = ['--atomic', ...(kind === 'external' && !memory ? ['--disk-only'] : [])]
        await conn.withTempFile(xml, (path) =>
          conn.runLong([...args, path, ...flags], { timeoutMs: SNAPSHOT_TIMEOUT_MS }),
        )
        const after = treeOf(await gather(conn, { uuid: g.uuid, name: g.facts.vmName }))
        const snapshot = after.snapshots.find((s) => s.name === name)
        if (snapshot === undefined)
          throw new AppError('COMMAND_FAILED', `libvirt reported “${name}” taken, but does not list it`)
        return { snapshot }
      },
      name,
    )
  }

  async revert(vm: VmRef, name: string): Promise<SnapshotRevertResult> {
    const conn = await this.conn(vm.hostId)
    return conn.audited(
      'snapshot.revert',
      refLabel(ref(vm)),
      async () => {
        const g = await gather(conn, ref(vm))
        const record = this.record(g, name, conn.where)
        enforce(revertVerdict(g.facts, record))
        const lost = revertLosses(g.facts, record)
        await conn.runLong(['snapshot-revert', '--domain', g.uuid, '--snapshotname', name], {
          timeoutMs: SNAPSHOT_TIMEOUT_MS,
        })
        const state = stateFromText(await conn.read(['domstate', '--domain', g.uuid]))
        return { snapshot: name, state, lost }
      },
      name,
    )
  }

  async delete(vm: VmRef, name: string): Promise<SnapshotDeleteResult> {
    const conn = await this.conn(vm.hostId)
    return conn.audited(
      'snapshot.delete',
      refLabel(ref(vm)),
      async () => {
        const g = await gather(conn, ref(vm))
        const record = this.record(g, name, conn.where)
        enforce(deleteVerdict(g.facts, record))
        const reparented = g.records.filter((r) => r.parent === name).map((r) => r.name)
        // Without --children libvirt hangs the children from the deleted snapshot's parent: they stay usable.
        await conn.runLong(['snapshot-delete', '--domain', g.uuid, '--snapshotname', name], {
          timeoutMs: SNAPSHOT_TIMEOUT_MS,
        })
        return { deleted: name, reparented }
      },
      name,
    )
  }

  private record(g: Gathered, name: string, where: string): SnapshotRecord {
    const record = g.records.find((r) => r.name === name)
    if (record === undefined)
      throw new AppError('NOT_FOUND', `${g.facts.vmName} has no snapshot named “${name}” on ${where}`, {
        detail: 'List them with: virtdeck snapshot list VM',
      })
    return record
  }
}
