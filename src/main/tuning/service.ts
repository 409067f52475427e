import { randomUUID } from 'node:crypto'
import type { ChangePlanBase, HostChangeRecord, Verification } from '@shared/changes.js'
import { AppError } from '@shared/errors.js'
import type { ChangesService } from '../changes/changes-service.js'
import { PlanCache } from '../changes/plan-cache.js'
import { verification } from '../changes/verify.js'
import type { CallContext } from '../ipc/router.js'
import type { StoredChange } from '../store/changes-repo.js'
import type {
  HostTuningReport,
  PreallocationMeasurement,
  TuningPreview,
  TuningReport,
} from '@shared/tuning.js'
import type { LibvirtConnection } from '../libvirt/libvirt-connection.js'
import { diffLines, formatUnifiedDiff, parseXml, root } from '../libvirt/xml/index.js'
import { applyFixes, evaluate, score } from './advisor.js'
import type { HostSnapshot, TuningConnection } from './gather.js'
import { hostViewFor, identity, snapshotHost } from './gather.js'
import { benchDiskSettings, benchPreallocation } from './image-bench.js'
import { convertToPreallocated, pointDiskAt } from './image-convert.js'
import { qemuLineDifference } from './qemu-line.js'
import { writableDisks } from './rules/domain.js'

/** How the service reaches a host's libvirt and checks a new definition (the VM service does both in the app). */
export interface TuningServiceOptions {
  connection(hostId: string): Promise<TuningConnection & Pick<LibvirtConnection, 'withTempFile'>>
  /** libvirt's verdict on a definition and its diff against the current one (VmService.xmlPreview). */
  xmlPreview(
    vm: { hostId: string; uuid: string; name: string },
    xml: string,
  ): Promise<{
    diff: string
    changed: boolean
    valid: boolean
    problems: string[]
    takesEffectAtNextBoot: boolean
  }>
  /** The change engine: a previewed set of fixes is applied, recorded and undone as one change. */
  changes?: ChangesService
}

/** A previewed set of fixes, kept in main until applied: one domain edit, and which rules made it. */
export interface TuningPlan extends ChangePlanBase {
  vm: string
  rules: string[]
}

/**
 * The tuning advisor on a host: one VM's report, every VM's (worst first), and a preview of a chosen set
 * of fixes as one definition — XML diff, libvirt's verdict, and the QEMU command-line difference. It
 * never defines anything: applying goes through the change engine.
 */
export class TuningService {
  private readonly plans = new PlanCache<TuningPlan>()

  constructor(private readonly options: TuningServiceOptions) {
    options.changes?.register('tuning', {
      verify: async (host, change) => this.verify(host, change),
    })
  }

  /**
   * The verify step of a tuning change: each applied rule read again on the VM — "ok" after the
   * change, not "ok" any more once it is undone.
   */
  private async verify(
    host: Parameters<typeof verification>[0],
    change: StoredChange,
  ): Promise<Verification> {
    const plan = change.plan as Partial<TuningPlan>
    const undone = change.undoneAt !== null
    const report = await this.report(change.hostId, plan.vm ?? '')
    const checks = (plan.rules ?? []).map((rule) => {
      const finding = report.findings.find((f) => f.rule === rule)
      const verdict = finding?.verdict ?? 'not-applicable'
      const settled = verdict === 'ok' || verdict === 'not-applicable'
      return {
        label: undone ? `${rule} is back as before` : `${rule} reads ok`,
        ok: undone ? !settled || verdict === 'not-applicable' : settled,
        evidence: `${verdict}${finding === undefined ? '' : `: ${finding.title}`}`,
      }
    })
    return verification(host, change.applied, checks)
  }

  /** Applies a previewed set of fixes as one change (define with XML history, recorded, undoable). */
  async apply(hostId: string, planId: string, context: CallContext): Promise<HostChangeRecord> {
    const changes = this.options.changes
    if (changes === undefined) throw new AppError('UNSUPPORTED', 'Applying fixes needs the change engine.')
    const plan = this.plans.get(hostId, planId)
    try {
      const stored = await changes.apply(
        hostId,
        plan,
        {
          capability: 'tuning',
          method: 'domain-xml',
          summary: `Tuning of VM ${plan.vm}: ${plan.rules.join(', ')}`,
          action: 'tuning.apply',
          target: `VM ${plan.vm}`,
        },
        context,
      )
      this.plans.drop(plan.id)
      return changes.view(stored)
    } catch (error) {
      // Changed since the preview: this plan can never apply; preview again.
      if (error instanceof AppError && error.code === 'CONFLICT') this.plans.drop(plan.id)
      throw error
    }
  }

  private async vm(
    hostId: string,
    vm: string,
    signal?: AbortSignal,
  ): Promise<{
    snapshot: HostSnapshot
    xml: string
    conn: TuningConnection & Pick<LibvirtConnection, 'withTempFile'>
  }> {
    const conn = await this.options.connection(hostId)
    const snapshot = await snapshotHost(conn, { imagesOf: vm, ...(signal === undefined ? {} : { signal }) })
    const xml = snapshot.definitions.get(vm)
    if (xml === undefined)
      throw new AppError('NOT_FOUND', `No VM named “${vm}” on ${conn.where}`, {
        detail: 'Check the name with virtdeck vm list.',
      })
    return { snapshot, xml, conn }
  }

  async report(hostId: string, vm: string, signal?: AbortSignal): Promise<TuningReport> {
    const { snapshot, xml } = await this.vm(hostId, vm, signal)
    return reportOf(hostId, vm, xml, snapshot)
  }

  async hostReport(hostId: string, signal?: AbortSignal): Promise<HostTuningReport> {
    const conn = await this.options.connection(hostId)
    const snapshot = await snapshotHost(conn, signal === undefined ? {} : { signal })
    const reports: TuningReport[] = []
    const failed: { vm: string; error: string }[] = []
    for (const [vm, xml] of snapshot.definitions) {
      try {
        reports.push(reportOf(hostId, vm, xml, snapshot))
      } catch (error) {
        failed.push({ vm, error: error instanceof Error ? error.message : String(error) })
      }
    }
    return summarize(hostId, reports, failed)
  }

  async preview(
    hostId: string,
    vm: string,
    rules: readonly string[],
    signal?: AbortSignal,
  ): Promise<TuningPreview> {
    const { snapshot, xml, conn } = await this.vm(hostId, vm, signal)
    const domain = root(parseXml(xml))
    const fixed = applyFixes(xml, rules, hostViewFor(snapshot, vm, domain))
    const base = {
      hostId,
      vm,
      applied: fixed.applied,
      skipped: fixed.skipped,
      notes: fixed.notes,
      xml: fixed.xml,
    }
    if (!fixed.changed)
      return {
        ...base,
        diff: '',
        changed: false,
        valid: true,
        problems: [],
        qemuLine: { available: true, removed: [], added: [] },
        takesEffectAtNextBoot: false,
      }
    const { uuid } = identity(domain)
    const [checked, qemuLine] = await Promise.all([
      this.options.xmlPreview({ hostId, uuid, name: vm }, fixed.xml),
      qemuLineDifference(conn, xml, fixed.xml, signal),
    ])
    const diff =
      checked.diff ||
      formatUnifiedDiff(diffLines(xml, fixed.xml), { fromFile: `${vm} (current)`, toFile: `${vm} (tuned)` })
    const planId =
      checked.valid && checked.changed
        ? this.plans.put({
            id: randomUUID(),
            hostId,
            createdAt: new Date().toISOString(),
            files: [],
            commands: [],
            domains: [
              {
                uuid,
                name: vm,
                before: xml,
                after: fixed.xml,
                diff,
                historyReason: `Before tuning: ${fixed.applied.join(', ')}`,
              },
            ],
            rebootRequired: false,
            blockers: [],
            notes: fixed.notes,
            vm,
            rules: fixed.applied,
          }).id
        : undefined
    return {
      ...base,
      ...(planId === undefined ? {} : { planId }),
      diff:
        checked.diff ||
        formatUnifiedDiff(diffLines(xml, fixed.xml), {
          fromFile: `${vm} (current)`,
          toFile: `${vm} (tuned)`,
        }),
      changed: checked.changed,
      valid: checked.valid,
      problems: checked.problems,
      qemuLine,
      takesEffectAtNextBoot: snapshot.running.has(vm),
    }
  }

  /**
   * The qcow2 preallocation fix, as the guide gives it: a long job (free-space check, `qemu-img
   * convert -o preallocation=metadata` with progress and cancel, `qemu-img compare`), then ONE change
   * of the change engine pointing the VM's disk at the new image. The original stays where it was
   * (undo points the VM back at it).
   */
  async convert(hostId: string, vm: string, image: string, context: CallContext): Promise<HostChangeRecord> {
    const changes = this.options.changes
    if (changes === undefined) throw new AppError('UNSUPPORTED', 'Converting needs the change engine.')
    const { snapshot, xml, conn } = await this.vm(hostId, vm, context.signal)
    const domain = snapshot.parsed.get(vm) ?? root(parseXml(xml))
    const disk = writableDisks(domain).find((d) => d.type === 'file' && d.path === image)
    if (disk === undefined)
      throw new AppError('INVALID_INPUT', `${image} is not a disk image of ${vm}`, {
        detail: 'Only the images a VM uses are converted, from its Tuning tab or virtdeck tune.',
      })
    if (snapshot.running.has(vm))
      throw new AppError('CONFLICT', `${vm} is running`, {
        detail: 'Shut it down first: its image cannot be copied while QEMU writes to it.',
      })
    const done = await convertToPreallocated(conn.host, image, {
      signal: context.signal,
      progress: (p) => context.progress({ message: p.message, fraction: p.fraction * 0.85 }),
    })
    const pointed = pointDiskAt(xml, done.original, done.converted)
    const { uuid } = identity(root(parseXml(xml)))
    const diff = formatUnifiedDiff(diffLines(xml, pointed.xml), {
      fromFile: `${vm} (current)`,
      toFile: `${vm} (preallocated image)`,
    })
    const plan: TuningPlan = {
      id: randomUUID(),
      hostId,
      createdAt: new Date().toISOString(),
      files: [],
      commands: [],
      domains: [
        {
          uuid,
          name: vm,
          before: xml,
          after: pointed.xml,
          diff,
          historyReason: `Before using ${done.converted}`,
        },
      ],
      rebootRequired: false,
      blockers: [],
      notes: [`The original image is kept at ${done.original}; remove it yourself once the VM runs well.`],
      vm,
      rules: ['image-preallocation'],
    }
    const stored = await changes.apply(
      hostId,
      plan,
      {
        capability: 'tuning',
        method: 'image-convert',
        summary: `VM ${vm} uses ${done.converted} (metadata preallocated; original kept at ${done.original})`,
        action: 'tuning.convert',
        target: `VM ${vm}`,
      },
      context,
    )
    return changes.view(stored)
  }

  /**
   * Measures on the VM's host what metadata preallocation changes: qemu-img bench on scratch images in
   * the folder of the VM's first file disk (its pool folder), removed afterwards.
   */
  async measure(hostId: string, vm: string, signal?: AbortSignal): Promise<PreallocationMeasurement> {
    const { snapshot, conn } = await this.vm(hostId, vm, signal)
    const domain = snapshot.parsed.get(vm)
    const disk =
      domain === undefined
        ? undefined
        : writableDisks(domain).find((d) => d.type === 'file' && d.path !== undefined)
    if (disk?.path === undefined)
      throw new AppError('UNSUPPORTED', `${vm} has no disk image file to measure beside`, {
        detail: "The measurement writes scratch images in the folder of the VM's disk image.",
      })
    const folder = disk.path.slice(0, Math.max(1, disk.path.lastIndexOf('/')))
    const options = signal === undefined ? {} : { signal }
    const result = await benchPreallocation(conn.host, folder, options)
    const settings = await benchDiskSettings(conn.host, folder, options)
    return {
      vm,
      ...result,
      commands: [...result.commands, ...settings.commands],
      diskSettings: settings.results,
    }
  }
}

export function reportOf(hostId: string, vm: string, xml: string, snapshot: HostSnapshot): TuningReport {
  const domain = snapshot.parsed.get(vm) ?? root(parseXml(xml))
  const findings = evaluate(domain, hostViewFor(snapshot, vm, domain))
  return {
    hostId,
    vm,
    uuid: identity(domain).uuid,
    running: snapshot.running.has(vm),
    score: score(findings),
    findings,
  }
}

export function summarize(
  hostId: string,
  reports: TuningReport[],
  failed: { vm: string; error: string }[],
): HostTuningReport {
  const vms = reports
    .map((r) => ({
      vm: r.vm,
      uuid: r.uuid,
      score: r.score,
      improve: r.findings.filter((f) => f.verdict === 'improve').length,
      risky: r.findings.filter((f) => f.verdict === 'risky').length,
    }))
    .sort((a, b) => a.score - b.score || a.vm.localeCompare(b.vm))
  const worst = reports
    .flatMap((r) =>
      r.findings
        .filter((f) => f.verdict === 'risky' || f.verdict === 'improve')
        .map((finding) => ({ vm: r.vm, finding })),
    )
    .sort(
      (a, b) =>
        (a.finding.verdict === 'risky' ? 0 : 1) - (b.finding.verdict === 'risky' ? 0 : 1) ||
        b.finding.penalty - a.finding.penalty ||
        a.vm.localeCompare(b.vm),
    )
  return { hostId, vms, worst, failed }
}
