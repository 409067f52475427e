import { randomUUID } from 'node:crypto'
import type { ChangePlanBase, HostChangeRecord, Verification, VerifyCheck } from '@shared/changes.js'
import { AppError } from '@shared/errors.js'
import type { PassthroughPlanPreview } from '@shared/passthrough-change.js'
import type { PassthroughReport } from '@shared/passthrough.js'
import type { HostInputDevices } from '@shared/passthrough-inputs.js'
import type { Host } from '../host/host.js'
import type { ChangesService } from '../changes/changes-service.js'
import { PlanCache } from '../changes/plan-cache.js'
import { verification } from '../changes/verify.js'
import type { CallContext } from '../ipc/router.js'
import type { HostRegistry } from '../services/host-registry.js'
import type { StoredChange } from '../store/changes-repo.js'
import { passthroughParams } from './boot-params.js'
import { readInputDevices } from './input-devices.js'
import { buildHostPlan } from './host-plan.js'
import { readPciInventory } from './inventory.js'
import { gatherPlanInput } from './plan-facts.js'
import { verifyAfterReboot } from './verify.js'
import { judgePassthrough } from './viability.js'

export interface PassthroughServiceOptions {
  registry: Pick<HostRegistry, 'record' | 'connect' | 'get'>
  changes: ChangesService
  /** Where a host's "/" is read (sysfs, /etc): '/' for every real host; a captured tree in tests. */
  readRoot?: (hostId: string) => string
}

/** A previewed host preparation, kept in main until applied: the engine's plan plus what verify needs. */
export interface PassthroughChangePlan extends ChangePlanBase {
  gpu: string
  /** Kernel parameters the running kernel must have after the reboot. */
  params: string[]
}

function short(address: string): string {
  return address.startsWith('0000:') ? address.slice(5) : address
}

/**
 * GPU passthrough's host preparation through the change engine: plan (read-only, kept by id),
 * apply (backups, root commands, recorded, undoable), and the verify step the engine runs after
 * apply, on demand and when the host comes back from its reboot.
 */
export class PassthroughService {
  private readonly plans = new PlanCache<PassthroughChangePlan>()

  constructor(private readonly options: PassthroughServiceOptions) {
    options.changes.register('passthrough', { verify: async (host, change) => this.verify(host, change) })
  }

  private root(hostId: string): string {
    return this.options.readRoot?.(hostId) ?? '/'
  }

  private async host(hostId: string): Promise<Host> {
    this.options.registry.record(hostId)
    await this.options.registry.connect(hostId)
    return this.options.registry.get(hostId)
  }

  /** Every graphics card with its functions, groups, viability, blockers and the host's display. */
  async report(hostId: string, signal?: AbortSignal): Promise<PassthroughReport> {
    const host = await this.host(hostId)
    const inventory = await readPciInventory(host, this.root(hostId), signal === undefined ? {} : { signal })
    return judgePassthrough(hostId, inventory)
  }

  /** The host's keyboards, mice and other event devices under /dev/input/by-id, for evdev passthrough. */
  async inputDevices(hostId: string, signal?: AbortSignal): Promise<HostInputDevices> {
    const host = await this.host(hostId)
    return { ...(await readInputDevices(host, this.root(hostId), signal)), hostId }
  }

  /** What preparing the host for `gpu` would change; kept under an id when it can be applied. */
  async plan(hostId: string, gpu: string, signal?: AbortSignal): Promise<PassthroughPlanPreview> {
    const host = await this.host(hostId)
    const root = this.root(hostId)
    const inventory = await readPciInventory(host, root, signal === undefined ? {} : { signal })
    const report = judgePassthrough(hostId, inventory)
    const card = report.gpus.find((g) => g.address === gpu)
    if (card === undefined)
      throw new AppError('NOT_FOUND', `No graphics card at ${short(gpu)} on this host.`, {
        detail: `Graphics cards: ${report.gpus.map((g) => short(g.address)).join(', ') || 'none'}. List them with: virtdeck passthrough devices`,
      })
    const hostPlan = buildHostPlan(await gatherPlanInput(host, root, inventory, card))
    const changes = hostPlan.files.length > 0 || hostPlan.commands.length > 0
    let planId: string | null = null
    if (changes && hostPlan.blockers.length === 0) {
      planId = this.plans.put({
        id: randomUUID(),
        hostId,
        createdAt: new Date().toISOString(),
        files: hostPlan.files.map((f) => ({ path: f.path, before: f.before, after: f.after, diff: f.diff })),
        commands: hostPlan.commands.map((c) => ({ file: c.file, args: [...c.args], why: c.why })),
        // The kernel command line, the vfio binding and the initramfs only change at the next boot.
        rebootRequired: true,
        blockers: [],
        notes: [...hostPlan.notes, hostPlan.rescue],
        gpu: card.address,
        params: passthroughParams(inventory.cpuVendor).params,
      }).id
    }
    return { ...hostPlan, hostId, planId }
  }

  /** Applies a previewed plan as one change; refused (CONFLICT, nothing written) if a file changed since. */
  async apply(hostId: string, planId: string, context: CallContext): Promise<HostChangeRecord> {
    const changes = this.options.changes
    const plan = this.plans.get(hostId, planId)
    try {
      const stored = await changes.apply(
        hostId,
        plan,
        {
          capability: 'passthrough',
          method: 'host',
          summary: `Prepare the host to pass through ${short(plan.gpu)} (vfio-pci, IOMMU)`,
          action: 'passthrough.apply',
          target: `GPU ${short(plan.gpu)}`,
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

  /**
   * The verify step: the host read again — IOMMU groups, the kernel parameters, every function of the
   * card on vfio-pci, the host still on its own GPU. Pending while the boot is the one of the apply.
   */
  private async verify(host: Host, change: StoredChange): Promise<Verification> {
    const plan = change.plan as Partial<PassthroughChangePlan>
    const gpu = plan.gpu ?? ''
    const inventory = await readPciInventory(host, this.root(change.hostId))
    const points = verifyAfterReboot(inventory, gpu, plan.params ?? [])
    let checks: VerifyCheck[] = points.map((p) => ({ label: p.title, ok: p.pass, evidence: p.evidence }))
    if (change.undoneAt !== null) {
      // Undone: the card goes back to its own driver at the next boot.
      const vfio = points.find((p) => p.id === 'vfio')
      checks = [
        {
          label: `${short(gpu)} is no longer bound to vfio-pci`,
          // Still on vfio-pci right after the undo: cannot be told before the next boot.
          ok: vfio === undefined || vfio.pass ? null : true,
          evidence:
            vfio === undefined
              ? 'not read'
              : vfio.pass
                ? `${vfio.evidence} until the next boot`
                : vfio.evidence,
        },
      ]
    }
    return verification(host, change.applied, checks)
  }
}
