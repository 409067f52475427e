import type { HostChangeRecord } from '@shared/changes.js'
import type { NestedApplyResult, NestedStatus, NestedUndoResult, XenStatus } from '@shared/nested.js'
import { AppError } from '@shared/errors.js'
import type {
  ChangePlan,
  NestedAppliedChange,
  CpuVendor,
  NestedMethod,
  NestedPlan,
  NestedSettingSource,
  XenNestedPlan,
} from '@shared/nested.js'
import { xenDomainNameSchema } from '@shared/nested.js'
import type { Host } from '../host/host.js'
import type { CallContext } from '../ipc/router.js'
import { applyPlan, undoChange } from './apply.js'
import { detectBootloader } from './bootloader.js'
import { effectiveParam } from '../hostconf/grub/edit.js'
import { cmdlineEnables, paramName, sameParamSetting } from '../hostconf/kernel-cmdline.js'
import { listDirectory, pathExists, readTextOrNull } from '../changes/host-files.js'
import { detectVendor, kvmModule, nestedKernelParam, readNestedState } from './kvm-module.js'
import { findNestedOptions } from './nested-conf.js'
import { readModprobeFiles } from '../hostconf/modprobe-conf.js'
import { buildNestedPlan, GRUB_DEFAULT_PATH, listRunningVms } from './plan.js'
import { buildXenNestedPlan, detectXen, XEN_CONFIG_DIR } from './xen.js'
import type { Store } from '../store/index.js'
import type { StoredChange } from '../store/changes-repo.js'
import type { Auditor } from '../services/auditor.js'
import type { HostRegistry } from '../services/host-registry.js'
import type { ChangesService } from '../changes/changes-service.js'
import { PlanCache } from '../changes/plan-cache.js'
import { describeError } from '../changes/steps.js'
import { verifyNested } from './apply.js'
import { nestedParamPath } from './kvm-module.js'

const FEATURE = 'nested'

export interface NestedServiceOptions {
  store: Store
  registry: HostRegistry
  auditor: Auditor
  /** The Changes page's service: nested changes are listed and undone there too. */
  changes: ChangesService
  /** Root of the backup folders on the host (tests keep the default under their temp root). */
  backupDir?: string
  planTtlMs?: number
}

function planSummary(plan: ChangePlan): string {
  if (plan.method === 'xl')
    return `Nested HVM for Xen guest ${plan.domain} (${XEN_CONFIG_DIR}/${plan.domain}.cfg)`
  const how = plan.method === 'modprobe' ? 'modprobe option and module reload' : 'kernel parameter in GRUB'
  return `Nested KVM on for ${kvmModule(plan.vendor)} (${how})`
}

/**
 * Nested virtualization on a saved host: its state, previews of enabling it (modprobe, GRUB, a Xen
 * guest's xl config), applying a preview through `privileged()` with backups, and undoing it. Every
 * applied change is recorded in the store, so Undo works after a restart, and audited.
 */
export class NestedService {
  private readonly plans: PlanCache<ChangePlan>

  constructor(private readonly options: NestedServiceOptions) {
    this.plans = new PlanCache(options.planTtlMs)
    options.changes.register(FEATURE, {
      // Guest-CPU changes edit a VM only: the VM's definition is what was verified at apply.
      verify: async (host, change) => {
        const applied = change.applied as Partial<NestedAppliedChange>
        const path =
          applied.nestedParamPath !== undefined
            ? applied.nestedParamPath
            : change.applied.method === 'modprobe' || change.applied.method === 'grub'
              ? nestedParamPath(
                  (change.plan as Partial<ChangePlan> & { vendor?: CpuVendor }).vendor ?? 'intel',
                )
              : null
        const { nestedNow: _nestedNow, ...verification } = await verifyNested(
          host,
          change.applied,
          path,
          change.undoneAt !== null,
        )
        return verification
      },
    })
  }

  private record(hostId: string): { name: string; libvirtUri: string } {
    return this.options.registry.record(hostId)
  }

  /** The host's live connection, connected: an unreachable host is an error, not a status full of unknowns. */
  private async host(hostId: string): Promise<Host> {
    this.record(hostId)
    await this.options.registry.connect(hostId)
    return this.options.registry.get(hostId)
  }

  async status(hostId: string): Promise<NestedStatus> {
    const { libvirtUri } = this.record(hostId)
    const host = await this.host(hostId)
    let vendor: CpuVendor | null = null
    let vendorProblem: string | undefined
    try {
      vendor = await detectVendor(host)
    } catch (error) {
      vendorProblem = describeError(error)
    }
    const module = vendor === null ? null : kvmModule(vendor)
    const [moduleLoaded, nestedNow, modules, persistent, bootloader, xen, running] = await Promise.all([
      module === null ? false : pathExists(host, `/sys/module/${module}`, '-d'),
      vendor === null ? ('unknown' as const) : readNestedState(host, vendor),
      listDirectory(host, '/sys/module'),
      vendor === null ? [] : persistentSources(host, vendor),
      vendor === null ? null : detectBootloader(host, nestedKernelParam(vendor)),
      xenStatus(host),
      listRunningVms(host, libvirtUri),
    ])
    const lasting = persistent.filter((source) => source.kind !== 'kernel-cmdline')
    const lastModprobe = lasting.filter((source) => source.kind === 'modprobe').at(-1)
    return {
      hostId,
      vendor,
      ...(vendorProblem === undefined ? {} : { vendorProblem }),
      module,
      moduleLoaded,
      nestedNow,
      otherKvmModules: (modules ?? []).filter(
        (name) => /^kvm_/.test(name) && name !== 'kvm_intel' && name !== 'kvm_amd',
      ),
      persistent,
      // modprobe.d options apply whenever the module loads; otherwise the GRUB parameter decides at boot.
      persistentEnabled: (lastModprobe ?? lasting.at(-1))?.enabled ?? null,
      bootloader,
      xen,
      runningVms: 'names' in running ? running.names : null,
      ...('error' in running ? { runningVmsError: running.error } : {}),
    }
  }

  async plan(hostId: string, method: NestedMethod): Promise<NestedPlan> {
    const { libvirtUri } = this.record(hostId)
    const host = await this.host(hostId)
    const plan = await buildNestedPlan(host, { method, libvirtUri })
    if (method === 'modprobe' && !(await pathExists(host, `/sys/module/${kvmModule(plan.vendor)}`, '-d'))) {
      const others = ((await listDirectory(host, '/sys/module')) ?? []).filter((name) => /^kvm_/.test(name))
      plan.notes.unshift(
        `${kvmModule(plan.vendor)} is not loaded now${others.length > 0 ? ` (KVM here comes from ${others.join(', ')})` : ''}; loading it fails if the CPU does not show ${plan.vendor === 'intel' ? 'VT-x (vmx)' : 'AMD-V (svm)'}, and then the file is restored.`,
      )
    }
    return this.plans.put(plan)
  }

  async xenPlan(hostId: string, domain: string): Promise<XenNestedPlan> {
    return this.plans.put(await buildXenNestedPlan(await this.host(hostId), domain))
  }

  async apply(hostId: string, planId: string, context: CallContext): Promise<NestedApplyResult> {
    const plan = this.plans.get(hostId, planId)
    const host = await this.host(hostId)
    const target =
      plan.method === 'xl' ? `${XEN_CONFIG_DIR}/${plan.domain}.cfg` : `nested KVM (${kvmModule(plan.vendor)})`
    const summary = planSummary(plan)
    let stored: StoredChange | undefined
    await this.options.auditor.runAsync(
      { hostId, target, action: `nested.apply.${plan.method}`, detail: summary },
      async () => {
        await this.refuseIfVmsStarted(hostId, host, plan)
        try {
          await applyPlan(host, plan, {
            signal: context.signal,
            onProgress: (progress) => context.progress(progress),
            record: (applied) => {
              stored = this.options.store.changes.record({ feature: FEATURE, summary, plan, applied })
            },
            ...(this.options.backupDir === undefined ? {} : { backupDir: this.options.backupDir }),
          })
        } catch (error) {
          // A file changed since the preview: this plan can never apply again.
          if (error instanceof AppError && error.code === 'CONFLICT') this.plans.drop(plan.id)
          throw error
        }
      },
    )
    this.plans.drop(plan.id)
    if (stored === undefined) throw new AppError('INTERNAL', 'The change was applied but not recorded.')
    return {
      change: this.options.changes.view(stored),
      applied: stored.applied as NestedAppliedChange,
      status: await this.status(hostId),
    }
  }

  /** A module reload fails while VMs run: check again at apply time, since VMs may have started after the preview. */
  private async refuseIfVmsStarted(hostId: string, host: Host, plan: ChangePlan): Promise<void> {
    if (plan.method !== 'modprobe' || !plan.commands.some((command) => command.args[0] === '-r')) return
    const running = await listRunningVms(host, this.record(hostId).libvirtUri)
    if ('names' in running && running.names.length > 0) {
      throw new AppError('CONFLICT', 'This change cannot be applied now.', {
        detail: `Running VMs use ${kvmModule(plan.vendor)}: ${running.names.join(', ')}. Shut them down first; the module cannot be reloaded while they run.`,
        data: { blockers: [`Running VMs: ${running.names.join(', ')}`] },
      })
    }
  }

  async undo(
    hostId: string,
    changeId: string,
    force: boolean,
    context: CallContext,
  ): Promise<NestedUndoResult> {
    const change = this.options.store.changes.get(changeId)
    if (change === undefined || change.hostId !== hostId || change.feature !== FEATURE)
      throw new AppError('NOT_FOUND', 'There is no such change on this host.', {
        detail: `Change ${changeId}`,
      })
    if (change.applied.method === 'guest-cpu') {
      // A VM's CPU edit: the engine puts the previous definition back from the XML history.
      await this.options.changes.undo(change.id, force, context)
      return {
        undo: { changeId: change.id, restored: [], removed: [], nestedNow: 'unknown', rebootRequired: false },
        status: await this.status(hostId),
      }
    }
    const host = await this.host(hostId)
    const undo = await this.options.auditor.runAsync(
      { hostId, target: change.summary, action: 'nested.undo', detail: `change ${change.id}` },
      async () => {
        if (change.undoneAt !== null)
          throw new AppError('CONFLICT', `This change was already undone (${change.undoneAt}).`)
        try {
          const result = await undoChange(host, change.applied as NestedAppliedChange, {
            force,
            onProgress: (progress) => context.progress(progress),
          })
          this.options.store.changes.markUndone(change.id)
          return result
        } catch (error) {
          // The files were put back but a command failed: the change is undone as far as the files go.
          if (error instanceof AppError && error.data?.['restored'] !== undefined)
            this.options.store.changes.markUndone(change.id)
          throw error
        }
      },
    )
    return { undo, status: await this.status(hostId) }
  }

  changes(hostId: string): HostChangeRecord[] {
    this.record(hostId)
    return this.options.changes.list({ hostId, capability: FEATURE })
  }
}

/** Every place that sets nested for the vendor's module: modprobe.d, the running kernel's command line, /etc/default/grub. */
async function persistentSources(host: Host, vendor: CpuVendor): Promise<NestedSettingSource[]> {
  const param = nestedKernelParam(vendor)
  const [files, cmdline, grub] = await Promise.all([
    readModprobeFiles(host),
    readTextOrNull(host, '/proc/cmdline').catch(() => null),
    readTextOrNull(host, GRUB_DEFAULT_PATH).catch(() => null),
  ])
  const sources: NestedSettingSource[] = findNestedOptions(files, vendor).map((hit) => ({
    kind: 'modprobe',
    path: hit.path,
    line: hit.line,
    text: hit.text,
    enabled: hit.enables,
  }))
  for (const token of (cmdline ?? '')
    .split(/\s+/)
    .filter((t) => t !== '' && paramName(t) === paramName(param)))
    sources.push({
      kind: 'kernel-cmdline',
      path: '/proc/cmdline',
      text: token,
      enabled: cmdlineEnables(token, param),
    })
  const fromGrub = grub === null ? undefined : effectiveParam(grub, param)
  if (fromGrub !== undefined && grub !== null) {
    const line = grub
      .split('\n')
      .findIndex((text) => text.includes(fromGrub.token) && text.includes(fromGrub.variable))
    sources.push({
      kind: 'grub',
      path: GRUB_DEFAULT_PATH,
      ...(line >= 0 ? { line: line + 1 } : {}),
      text: `${fromGrub.variable}: ${fromGrub.token}`,
      enabled: sameParamSetting(fromGrub.token, param),
    })
  }
  return sources
}

async function xenStatus(host: Host): Promise<XenStatus> {
  const xen = await detectXen(host)
  const names = xen.isXen ? ((await listDirectory(host, XEN_CONFIG_DIR)) ?? []) : []
  return {
    isXen: xen.isXen,
    dom0: xen.dom0,
    hap: xen.hap,
    version: xen.xlInfo?.['xen_version'] ?? null,
    evidence: xen.evidence,
    guestConfigs: names
      .filter((name) => name.endsWith('.cfg'))
      .map((name) => name.slice(0, -'.cfg'.length))
      .filter((name) => xenDomainNameSchema.safeParse(name).success)
      .sort(),
  }
}
