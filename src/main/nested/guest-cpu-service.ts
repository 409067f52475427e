import { randomUUID } from 'node:crypto'
import type { GuestCpuApplyResult, GuestCpuPlan } from '@shared/nested.js'
import { AppError } from '@shared/errors.js'
import { GUEST_VERIFY_STEPS } from '@shared/nested.js'
import type { CallContext } from '../ipc/router.js'
import { domainNotFound } from '../libvirt/domain-ref.js'
import type { LibvirtConnection } from '../libvirt/libvirt-connection.js'
import { guestVerificationText, setCpuHostPassthrough } from './cpu-passthrough.js'
import type { LibvirtConnections } from '../vms/libvirt-connections.js'
import { PlanCache } from '../changes/plan-cache.js'
import type { ChangesService } from '../changes/changes-service.js'
import type { ChangePlanBase } from '@shared/changes.js'
import type { VmService } from '../vms/vm-service.js'

/** What main keeps of a guest preview: the XML itself never goes to the renderer and never comes back from it. */
interface StoredGuestPlan {
  id: string
  hostId: string
  vmName: string
  uuid: string
  before: string
  after: string
  diff: string
  blockers: string[]
}

export interface GuestCpuServiceOptions {
  /** The host's libvirt connection (shared with the VM views). */
  connections: LibvirtConnections
  /** XML preview (checked by libvirt) and define with history, as the VM XML tab does them. */
  vms: VmService
  /** The change engine: the edit is applied, recorded and undoable as a change. */
  changes: ChangesService
  planTtlMs?: number
}

const HISTORY_REASON = 'Before setting the CPU to host-passthrough (nested virtualization)'
const RUNNING = /^\s*(running|paused|in shutdown)/

/**
 * The guest side of nested virtualization: a VM's CPU becomes `<cpu mode='host-passthrough'/>` so
 * it sees VT-x/AMD-V. The edit is made here (cpu-passthrough.ts); previewing and defining go through
 * the VM service, so libvirt checks the new definition, the previous one lands in the XML history
 * (restorable from the VM's XML tab), and every window sees the VM change.
 */
export class GuestCpuService {
  private readonly plans: PlanCache<StoredGuestPlan>

  constructor(private readonly options: GuestCpuServiceOptions) {
    this.plans = new PlanCache(options.planTtlMs)
  }

  private async definition(conn: LibvirtConnection, vmName: string): Promise<string> {
    try {
      return await conn.read(['dumpxml', '--domain', vmName, '--inactive'])
    } catch (error) {
      throw domainNotFound(error, vmName, conn.where)
    }
  }

  private async running(conn: LibvirtConnection, vmName: string): Promise<boolean> {
    return RUNNING.test(await conn.read(['domstate', '--domain', vmName]).catch(() => ''))
  }

  async plan(hostId: string, vmName: string): Promise<GuestCpuPlan> {
    const conn = await this.options.connections.get(hostId)
    const before = await this.definition(conn, vmName)
    const uuid = /<uuid>\s*([^<\s]+)\s*<\/uuid>/.exec(before)?.[1]
    if (uuid === undefined) throw new AppError('INVALID_INPUT', `The definition of ${vmName} has no <uuid>.`)
    const edit = setCpuHostPassthrough(before)
    const preview = edit.changed
      ? await this.options.vms.xmlPreview({ hostId, uuid, name: vmName }, edit.xml)
      : undefined
    const running = await this.running(conn, vmName)
    const notes = [...edit.notes]
    if (preview === undefined) notes.push(`${vmName} already uses host-passthrough; nothing to change.`)
    else if (!preview.valid)
      notes.push(`libvirt does not accept the new definition: ${preview.problems.join(' ')}`)
    else if (running)
      notes.push(
        `${vmName} is running: the new CPU applies once it is shut down and started again (a reboot from inside is not enough).`,
      )
    const stored = this.plans.put({
      id: randomUUID(),
      hostId,
      vmName,
      uuid,
      before,
      after: edit.xml,
      diff: preview?.diff ?? '',
      blockers: edit.blockers,
    })
    return {
      id: stored.id,
      hostId,
      vmName,
      libvirtUri: conn.uri,
      changed: preview !== undefined && preview.valid && preview.changed,
      diff: preview?.diff ?? '',
      notes,
      blockers: edit.blockers,
      running,
      verification: GUEST_VERIFY_STEPS.map((step) => ({ ...step })),
    }
  }

  async apply(hostId: string, planId: string, context: CallContext): Promise<GuestCpuApplyResult> {
    const plan = this.plans.get(hostId, planId)
    if (plan.before === plan.after)
      throw new AppError('CONFLICT', `${plan.vmName} already uses host-passthrough; nothing to apply.`)
    if (plan.blockers.length > 0)
      throw new AppError('CONFLICT', `${plan.vmName} cannot use host-passthrough: ${plan.blockers.join(' ')}`)
    const change: ChangePlanBase = {
      id: plan.id,
      hostId,
      createdAt: new Date().toISOString(),
      files: [],
      commands: [],
      domains: [
        {
          uuid: plan.uuid,
          name: plan.vmName,
          before: plan.before,
          after: plan.after,
          diff: plan.diff,
          historyReason: HISTORY_REASON,
        },
      ],
      rebootRequired: false,
      blockers: [],
      notes: [],
    }
    let stored
    try {
      stored = await this.options.changes.apply(
        hostId,
        change,
        {
          capability: 'nested',
          method: 'guest-cpu',
          summary: `CPU of VM ${plan.vmName} set to host-passthrough (nested virtualization)`,
          action: 'vm.cpu.host-passthrough',
          target: `VM ${plan.vmName}`,
        },
        context,
      )
    } catch (error) {
      if (error instanceof AppError && error.code === 'CONFLICT') this.plans.drop(plan.id)
      throw error
    }
    const historyId = stored.applied.domains?.[0]?.historyId
    if (historyId === undefined)
      throw new AppError('INTERNAL', 'The VM was defined but its history was not kept.')
    const conn = await this.options.connections.get(hostId)
    const result = { historyId, running: await this.running(conn, plan.vmName) }
    this.plans.drop(plan.id)
    context.progress({ message: 'Done', fraction: 1 })
    return {
      vmName: plan.vmName,
      historyId: result.historyId,
      running: result.running,
      verification: GUEST_VERIFY_STEPS.map((step) => ({ ...step })),
      verificationText: guestVerificationText(),
    }
  }
}
