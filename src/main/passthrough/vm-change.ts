import { randomUUID } from 'node:crypto'
import type { ChangePlanBase, HostChangeRecord, Verification } from '@shared/changes.js'
import { AppError } from '@shared/errors.js'
import type { PassthroughVmPlanInput, PassthroughVmPreview } from '@shared/passthrough-vm.js'
import { passthroughVmPlanInput } from '@shared/passthrough-vm.js'
import type { ChangesService } from '../changes/changes-service.js'
import { formatFileDiff } from '../changes/diff.js'
import { PlanCache } from '../changes/plan-cache.js'
import { verification } from '../changes/verify.js'
import type { CallContext } from '../ipc/router.js'
import type { LibvirtConnection } from '../libvirt/libvirt-connection.js'
import { diffLines, formatUnifiedDiff, parseXml, root } from '../libvirt/xml/index.js'
import type { StoredChange } from '../store/changes-repo.js'
import { applyFixes } from '../tuning/advisor.js'
import type { TuningConnection } from '../tuning/gather.js'
import { hostViewFor, identity, snapshotHost } from '../tuning/gather.js'
import { qemuLineDifference } from '../tuning/qemu-line.js'
import { lookingGlassFormula, lookingGlassSizeMiB, lookingGlassTmpfiles } from './looking-glass.js'
import { readOrNull } from './plan-facts.js'
import { hostdevAddresses } from './running-vms.js'
import { CODE43_EXPLANATION, editDomainForPassthrough } from './vm-xml.js'

export type PassthroughVmConnection = TuningConnection & Pick<LibvirtConnection, 'withTempFile'>

export interface PassthroughVmServiceOptions {
  connection(hostId: string): Promise<PassthroughVmConnection>
  /** libvirt's verdict on a definition and its diff against the current one (VmService.xmlPreview). */
  xmlPreview(
    vm: { hostId: string; uuid: string; name: string },
    xml: string,
  ): Promise<{ diff: string; changed: boolean; valid: boolean; problems: string[] }>
  changes: ChangesService
}

/** A previewed VM configuration kept in main until applied: the engine's plan plus what verify re-reads. */
export interface PassthroughVmPlan extends ChangePlanBase {
  vm: string
  functions: string[]
}

const CAPABILITY = 'passthrough-vm'

function short(address: string): string {
  return address.startsWith('0000:') ? address.slice(5) : address
}

/**
 * A VM configured for GPU passthrough through the change engine: one domain-XML edit (hostdevs for
 * every function, Code 43, Looking Glass, evdev, the tuning advisor's CPU/pinning/hugepages fixes)
 * and, with Looking Glass, the tmpfiles.d file in the same change. Undo restores both.
 */
export class PassthroughVmService {
  private readonly plans = new PlanCache<PassthroughVmPlan>()

  constructor(private readonly options: PassthroughVmServiceOptions) {
    options.changes.register(CAPABILITY, { verify: async (host, change) => this.verify(change, host) })
  }

  async plan(input: PassthroughVmPlanInput, signal?: AbortSignal): Promise<PassthroughVmPreview> {
    const { hostId, vm, options, tuning, lookingGlassUser } = passthroughVmPlanInput.parse(input)
    const conn = await this.options.connection(hostId)
    const snapshot = await snapshotHost(conn, signal === undefined ? {} : { signal })
    const current = snapshot.definitions.get(vm)
    if (current === undefined)
      throw new AppError('NOT_FOUND', `No VM named “${vm}” on ${conn.where}`, {
        detail: 'Check the name with virtdeck vm list.',
      })
    const edit = editDomainForPassthrough(current, options)
    const domain = root(parseXml(edit.xml))
    const fixed =
      tuning.length === 0
        ? { xml: edit.xml, applied: [], skipped: [], notes: [] }
        : applyFixes(edit.xml, tuning, hostViewFor(snapshot, vm, domain))
    const after = fixed.xml
    const { uuid } = identity(domain)
    const files: PassthroughVmPlan['files'] = []
    let lookingGlass: PassthroughVmPreview['lookingGlass']
    if (options.lookingGlass !== undefined) {
      const user = lookingGlassUser ?? (await this.loginUser(conn))
      const wanted = lookingGlassTmpfiles(user)
      const before = await readOrNull(conn.host, wanted.path)
      if (before !== wanted.content)
        files.push({
          path: wanted.path,
          before,
          after: wanted.content,
          diff: formatFileDiff(wanted.path, before, wanted.content),
        })
      const { width, height } = options.lookingGlass
      lookingGlass = {
        sizeMiB: lookingGlassSizeMiB(width, height),
        formula: lookingGlassFormula(width, height),
        user,
      }
    }
    const changedXml = after !== current
    const [checked, qemuLine] = changedXml
      ? await Promise.all([
          this.options.xmlPreview({ hostId, uuid, name: vm }, after),
          qemuLineDifference(conn, current, after, signal),
        ])
      : [
          { diff: '', changed: false, valid: true, problems: [] },
          { available: true, removed: [], added: [] },
        ]
    const xmlDiff =
      checked.diff ||
      (changedXml
        ? formatUnifiedDiff(diffLines(current, after), {
            fromFile: `${vm} (current)`,
            toFile: `${vm} (passthrough)`,
          })
        : '')
    const changed = checked.changed || files.length > 0
    const planId =
      checked.valid && changed
        ? this.plans.put({
            id: randomUUID(),
            hostId,
            createdAt: new Date().toISOString(),
            files,
            commands: [],
            domains: checked.changed
              ? [
                  {
                    uuid,
                    name: vm,
                    before: current,
                    after,
                    diff: xmlDiff,
                    historyReason: `Before GPU passthrough (${options.functions.map(short).join(', ')})`,
                  },
                ]
              : [],
            rebootRequired: false,
            blockers: [],
            notes: [...edit.notes, ...fixed.notes],
            vm,
            functions: options.functions.map((f) => (f.length === 7 ? `0000:${f}` : f.toLowerCase())),
          }).id
        : null
    return {
      hostId,
      vm,
      planId,
      changed,
      valid: checked.valid,
      problems: [...checked.problems, ...edit.problems],
      notes: [
        ...edit.notes,
        ...fixed.notes,
        ...(files.length > 0
          ? [
              `${files[0]?.path ?? ''} creates /dev/shm/looking-glass at every boot; until the next boot, run: sudo systemd-tmpfiles --create ${files[0]?.path ?? ''}`,
            ]
          : []),
      ],
      xmlDiff,
      qemuLine,
      files: files.map((f) => ({
        path: f.path,
        diff: f.diff,
        why: 'Looking Glass: the shared memory file, writable by the client user and QEMU (group kvm)',
      })),
      tuning: { applied: fixed.applied, skipped: fixed.skipped },
      ...(options.code43 === undefined ? {} : { code43: CODE43_EXPLANATION }),
      ...(lookingGlass === undefined ? {} : { lookingGlass }),
      running: snapshot.running.has(vm),
    }
  }

  async apply(hostId: string, planId: string, context: CallContext): Promise<HostChangeRecord> {
    const changes = this.options.changes
    const plan = this.plans.get(hostId, planId)
    try {
      const stored = await changes.apply(
        hostId,
        plan,
        {
          capability: CAPABILITY,
          method: 'domain-xml',
          summary: `VM ${plan.vm} gets GPU ${plan.functions.map(short).join(' + ')} (passthrough)`,
          action: 'passthrough.vmApply',
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

  private async loginUser(conn: PassthroughVmConnection): Promise<string> {
    const result = await conn.host.exec('id', ['-un'])
    const user = result.stdout.trim()
    return result.code === 0 && user !== '' && user !== 'root' ? user : 'root'
  }

  /** Every function of the card is a hostdev of the VM (none of them once undone). */
  private async verify(
    change: StoredChange,
    host: Parameters<typeof verification>[0],
  ): Promise<Verification> {
    const plan = change.plan as Partial<PassthroughVmPlan>
    const conn = await this.options.connection(change.hostId)
    const xml = await conn.read(['dumpxml', '--domain', plan.vm ?? '', '--inactive'])
    const present = hostdevAddresses(xml)
    const undone = change.undoneAt !== null
    const checks = (plan.functions ?? []).map((f) => ({
      label: undone
        ? `${plan.vm ?? ''} no longer holds ${short(f)}`
        : `${plan.vm ?? ''} holds ${short(f)} (vfio hostdev)`,
      ok: undone ? !present.includes(f) : present.includes(f),
      evidence: `hostdevs in the definition: ${present.map(short).join(', ') || 'none'}`,
    }))
    return verification(host, change.applied, checks)
  }
}
