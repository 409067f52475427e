import { randomUUID } from 'node:crypto'
import type { ChangePlanBase, HostChangeRecord, Verification } from '@shared/changes.js'
import { AppError } from '@shared/errors.js'
import type { PassthroughHooksPlanInput, PassthroughHooksPreview } from '@shared/passthrough-hooks.js'
import { passthroughHooksPlanInput } from '@shared/passthrough-hooks.js'
import type { ChangesService } from '../changes/changes-service.js'
import { formatFileDiff } from '../changes/diff.js'
import { PlanCache } from '../changes/plan-cache.js'
import { verification } from '../changes/verify.js'
import type { Host } from '../host/host.js'
import type { CallContext } from '../ipc/router.js'
import type { HostRegistry } from '../services/host-registry.js'
import type { StoredChange } from '../store/changes-repo.js'
import { displayManagerFromLink } from './display-manager.js'
import { readPciInventory } from './inventory.js'
import { readOrNull } from './plan-facts.js'
import { HOOKS_DIR, singleGpuHookFiles } from './single-gpu-hooks.js'
import { judgePassthrough } from './viability.js'

export interface PassthroughHooksServiceOptions {
  registry: Pick<HostRegistry, 'record' | 'connect' | 'get'>
  changes: ChangesService
  readRoot?: (hostId: string) => string
}

interface HooksPlan extends ChangePlanBase {
  vm: string
  gpu: string
}

const CAPABILITY = 'passthrough-hooks'
const DM_LINK = '/etc/systemd/system/display-manager.service'

export const SINGLE_GPU_WARNINGS = [
  'While this VM runs the host has NO display: the scripts stop the display manager and give the only GPU to the guest. Keep another way in (SSH from a phone or another computer) before you start it.',
  'When the VM shuts down, the release script gives the card back to its host driver and starts the display manager again; if the screen stays black, log in over SSH and run: sudo systemctl start <display manager>.',
  'libvirt reads /etc/libvirt/hooks/qemu when it starts: restart libvirtd once after installing (sudo systemctl restart libvirtd).',
]

async function isFolder(host: Host, path: string): Promise<boolean> {
  const r = await host.exec('test', ['-d', path]).catch(() => null)
  return r?.code === 0
}

/**
 * Single-GPU passthrough's hook scripts as one change: the dispatcher and the VM's prepare/release
 * scripts, generated for the host's display manager and the card's driver, written 0755 with their
 * folders; undo removes them (and the folders it created). Refuses to replace a qemu hook that is
 * not VirtDeck's.
 */
export class PassthroughHooksService {
  private readonly plans = new PlanCache<HooksPlan>()

  constructor(private readonly options: PassthroughHooksServiceOptions) {
    options.changes.register(CAPABILITY, { verify: async (host, change) => this.verify(host, change) })
  }

  private async host(hostId: string): Promise<Host> {
    this.options.registry.record(hostId)
    await this.options.registry.connect(hostId)
    return this.options.registry.get(hostId)
  }

  async plan(input: PassthroughHooksPlanInput, signal?: AbortSignal): Promise<PassthroughHooksPreview> {
    const { hostId, vm, gpu, displayManager } = passthroughHooksPlanInput.parse(input)
    const host = await this.host(hostId)
    const root = this.options.readRoot?.(hostId) ?? '/'
    const base = root === '/' ? '' : root.replace(/\/+$/, '')
    const report = judgePassthrough(
      hostId,
      await readPciInventory(host, root, signal === undefined ? {} : { signal }),
    )
    const card = report.gpus.find((g) => g.address === gpu)
    if (card === undefined)
      throw new AppError('NOT_FOUND', `No graphics card at ${gpu} on this host.`, {
        detail: 'List them with: virtdeck passthrough devices',
      })
    const blockers: string[] = []
    const notes: string[] = []
    let dm = displayManager ?? null
    if (dm === null) {
      const link = await host.exec('readlink', [`${base}${DM_LINK}`]).catch(() => null)
      dm = link?.code === 0 ? displayManagerFromLink(link.stdout) : null
      if (dm === null)
        blockers.push(
          `VirtDeck could not tell which display manager this host runs (${DM_LINK} is not a link to one). Name it (gdm.service, sddm.service, lightdm.service…).`,
        )
    }
    if (report.gpus.length > 1)
      notes.push(
        `This host has ${report.gpus.length} graphics cards: with another GPU for the host, the host plan (vfio-pci at boot) is simpler and safer than single-GPU hooks.`,
      )
    const files: PassthroughHooksPreview['files'] = []
    if (dm !== null) {
      const wanted = singleGpuHookFiles({
        vm,
        displayManager: dm,
        gpuVendor: card.vendor,
        functions: card.functions.map((f) => f.address),
        ...(card.driver === undefined || card.driver === 'vfio-pci' ? {} : { hostDriver: card.driver }),
      })
      for (const file of wanted) {
        const before = await readOrNull(host, file.path)
        if (before === file.content) continue
        if (file.path === `${HOOKS_DIR}/qemu` && before !== null && !before.includes('VirtDeck'))
          blockers.push(
            `${HOOKS_DIR}/qemu already exists and is not VirtDeck's: VirtDeck will not replace your own hook. Merge it by hand (it must run the scripts in qemu.d/<vm>/<operation>/<phase>/), or move it aside.`,
          )
        files.push({
          path: file.path,
          before,
          after: file.content,
          diff: formatFileDiff(file.path, before, file.content),
          mode: `0${file.mode.toString(8)}`,
        })
      }
    }
    const levels = [
      'qemu.d',
      `qemu.d/${vm}`,
      `qemu.d/${vm}/prepare`,
      `qemu.d/${vm}/prepare/begin`,
      `qemu.d/${vm}/release`,
      `qemu.d/${vm}/release/end`,
    ].map((l) => `${HOOKS_DIR}/${l}`)
    const folders: string[] = []
    for (const folder of [HOOKS_DIR, ...levels]) if (!(await isFolder(host, folder))) folders.push(folder)
    const planId =
      blockers.length === 0 && files.length > 0
        ? this.plans.put({
            id: randomUUID(),
            hostId,
            createdAt: new Date().toISOString(),
            files: files.map((f) => ({
              path: f.path,
              before: f.before,
              after: f.after,
              diff: f.diff,
              mode: f.mode,
              createFolder: true,
            })),
            commands: [],
            // Undo removes the files, then the folders this change created (deepest first; rm -d refuses non-empty ones).
            undoCommands:
              folders.length === 0
                ? []
                : [
                    {
                      file: 'rm',
                      args: ['-d', '--', ...[...folders].reverse()],
                      why: 'Remove the hook folders VirtDeck created',
                    },
                  ],
            rebootRequired: false,
            blockers: [],
            notes: [...SINGLE_GPU_WARNINGS, ...notes],
            vm,
            gpu: card.address,
          }).id
        : null
    return {
      hostId,
      vm,
      planId,
      displayManager: dm,
      files,
      folders,
      blockers,
      warnings: SINGLE_GPU_WARNINGS,
      notes,
    }
  }

  async apply(hostId: string, planId: string, context: CallContext): Promise<HostChangeRecord> {
    const plan = this.plans.get(hostId, planId)
    try {
      const stored = await this.options.changes.apply(
        hostId,
        plan,
        {
          capability: CAPABILITY,
          method: 'libvirt-hooks',
          summary: `Single-GPU hook scripts for VM ${plan.vm} (GPU ${plan.gpu.replace(/^0000:/, '')})`,
          action: 'passthrough.hooksApply',
          target: `VM ${plan.vm}`,
        },
        context,
      )
      this.plans.drop(plan.id)
      return this.options.changes.view(stored)
    } catch (error) {
      if (error instanceof AppError && error.code === 'CONFLICT') this.plans.drop(plan.id)
      throw error
    }
  }

  /** Each script is on the host with the content written (none of them once undone). */
  private async verify(host: Host, change: StoredChange): Promise<Verification> {
    const plan = change.plan as Partial<HooksPlan>
    const undone = change.undoneAt !== null
    const checks = []
    for (const file of plan.files ?? []) {
      const now = await readOrNull(host, file.path)
      const ok = undone ? now === file.before : now === file.after
      checks.push({
        label: undone ? `${file.path} is back as before` : `${file.path} is installed`,
        ok,
        evidence:
          now === null ? 'missing' : now === file.after ? 'as written by VirtDeck' : 'different content',
      })
    }
    return verification(host, change.applied, checks)
  }
}
