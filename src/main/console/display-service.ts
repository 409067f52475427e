import { randomUUID } from 'node:crypto'
import type { ChangePlanBase, HostChangeRecord, Verification } from '@shared/changes.js'
import type { AddVncPlanView } from '@shared/console.js'
import { AppError } from '@shared/errors.js'
import type { VmXmlPreview } from '@shared/vms.js'
import type { ChangesService } from '../changes/changes-service.js'
import { PlanCache } from '../changes/plan-cache.js'
import { verification } from '../changes/verify.js'
import type { CallContext } from '../ipc/router.js'
import type { LibvirtConnection } from '../libvirt/libvirt-connection.js'
import type { StoredChange } from '../store/changes-repo.js'
import { diffLines, formatUnifiedDiff } from '../libvirt/xml/index.js'
import { readConsoleGraphics } from './graphics.js'
import { withVncDisplay } from './vnc-display.js'

export interface ConsoleDisplayServiceOptions {
  connection(hostId: string): Promise<LibvirtConnection>
  xmlPreview(vm: { hostId: string; uuid: string; name?: string }, xml: string): Promise<VmXmlPreview>
  changes: ChangesService
}

interface AddVncPlan extends ChangePlanBase {
  vm: string
  uuid: string
}

/**
 * Adds a VNC display to a SPICE-only VM as a change (capability `console`): a domain-XML edit with
 * its diff previewed, applied by the change engine (XML history, CONFLICT check, undo), verified by
 * reading the definition again. The display appears the next time the VM starts.
 */
export class ConsoleDisplayService {
  private readonly plans = new PlanCache<AddVncPlan>()

  constructor(private readonly options: ConsoleDisplayServiceOptions) {
    options.changes.register('console', { verify: async (host, change) => this.verify(host, change) })
  }

  private async verify(
    host: Parameters<typeof verification>[0],
    change: StoredChange,
  ): Promise<Verification> {
    const plan = change.plan as Partial<AddVncPlan>
    const conn = await this.options.connection(change.hostId)
    const xml = await conn.read(['dumpxml', '--domain', plan.uuid ?? '', '--inactive'])
    const hasVnc = readConsoleGraphics(xml).types.includes('vnc')
    const undone = change.undoneAt !== null
    return verification(host, change.applied, [
      {
        label: undone
          ? `${plan.vm ?? 'The VM'} has no VNC display again`
          : `${plan.vm ?? 'The VM'} has a VNC display`,
        ok: undone ? !hasVnc : hasVnc,
        evidence: `display types in the definition: ${readConsoleGraphics(xml).types.join(', ') || 'none'}`,
      },
    ])
  }

  async plan(vm: { hostId: string; uuid: string; name?: string | undefined }): Promise<AddVncPlanView> {
    const conn = await this.options.connection(vm.hostId)
    const before = await conn.read(['dumpxml', '--domain', vm.uuid, '--inactive'])
    const label = vm.name ?? vm.uuid
    const after = withVncDisplay(before)
    if (after === undefined)
      throw new AppError('CONFLICT', `The VM ${label} already has a VNC display`, {
        detail: 'Its screen is shown in the Console tab.',
      })
    const checked = await this.options.xmlPreview({ hostId: vm.hostId, uuid: vm.uuid, name: label }, after)
    const diff =
      checked.diff ||
      formatUnifiedDiff(diffLines(before, after), {
        fromFile: `${label} (now)`,
        toFile: `${label} (with VNC)`,
      })
    const notes = [
      'The VNC display listens on 127.0.0.1 only; VirtDeck reaches it through its own connection to the host.',
      'It appears the next time the VM starts (shut it down and start it; a reboot inside the guest is not enough).',
    ]
    const plan = this.plans.put({
      id: randomUUID(),
      hostId: vm.hostId,
      createdAt: new Date().toISOString(),
      files: [],
      commands: [],
      domains: [
        { uuid: vm.uuid, name: label, before, after, diff, historyReason: 'Before adding a VNC display' },
      ],
      rebootRequired: false,
      blockers: checked.valid ? [] : [`libvirt refuses the new definition: ${checked.problems.join('; ')}`],
      notes,
      vm: label,
      uuid: vm.uuid,
    })
    return {
      id: plan.id,
      hostId: vm.hostId,
      vm: label,
      diff,
      notes,
      valid: checked.valid,
      problems: checked.problems,
    }
  }

  async apply(hostId: string, planId: string, context: CallContext): Promise<HostChangeRecord> {
    const plan = this.plans.get(hostId, planId)
    const { changes } = this.options
    try {
      const stored = await changes.apply(
        hostId,
        plan,
        {
          capability: 'console',
          method: 'domain-xml',
          summary: `VNC display added to VM ${plan.vm}`,
          action: 'console.addVnc',
          target: `VM ${plan.vm}`,
        },
        context,
      )
      this.plans.drop(plan.id)
      return changes.view(stored)
    } catch (error) {
      if (error instanceof AppError && error.code === 'CONFLICT') this.plans.drop(plan.id)
      throw error
    }
  }
}
