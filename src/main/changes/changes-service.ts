import type { Host } from '../host/host.js'
import type { ChangePlanBase, HostChangeRecord, UndoSummary, Verification } from '@shared/changes.js'
import { AppError } from '@shared/errors.js'
import type { CallContext } from '../ipc/router.js'
import type { EventBus } from '../ipc/event-bus.js'
import type { Auditor } from '../services/auditor.js'
import type { HostRegistry } from '../services/host-registry.js'
import type { Store } from '../store/index.js'
import type { StoredChange } from '../store/changes-repo.js'
import type { DomainDefinitions } from './domains.js'
import { applyChange } from './apply.js'
import { undoAppliedChange } from './undo.js'
import { changeView } from './view.js'

/** What a capability tells the engine about its own changes, so the Changes page can verify and undo any of them. */
export interface CapabilityHooks {
  /** Re-reads the state a change was meant to produce (after apply, on demand, after a reboot). */
  verify?(host: Host, change: StoredChange): Promise<Verification>
  /** After an undo from the Changes page: e.g. tell open panels. */
  afterUndo?(change: StoredChange): void
}

export interface ChangesServiceOptions {
  store: Store
  registry: HostRegistry
  auditor: Auditor
  bus?: EventBus
  /** libvirt definitions for changes that edited VMs (the VM service). */
  domains?: DomainDefinitions
  /** Root of the backup folders on the host (tests keep the default under their temp root). */
  backupDir?: string
}

/**
 * Every change VirtDeck made on every host, from every capability: listed, shown, verified again
 * and undone from one place. Capabilities register their verify step; undo itself is the engine's
 * (files back from their backups, definitions back from the XML history, commands re-run).
 */
export class ChangesService {
  private readonly hooks = new Map<string, CapabilityHooks>()
  private readonly verifying = new Set<string>()

  constructor(private readonly options: ChangesServiceOptions) {
    // A host that comes back (after the reboot a change asked for) gets its pending changes checked.
    options.bus?.subscribe((name, payload) => {
      if (name !== 'host.state') return
      const event = payload as { hostId: string; state: { status: string } }
      if (event.state.status === 'connected') void this.verifyPending(event.hostId).catch(() => undefined)
    })
  }

  register(capability: string, hooks: CapabilityHooks): void {
    this.hooks.set(capability, hooks)
  }

  private hostName(hostId: string): string {
    try {
      return this.options.registry.record(hostId).name
    } catch {
      return hostId
    }
  }

  view(change: StoredChange): HostChangeRecord {
    return changeView(change, this.hostName(change.hostId))
  }

  /**
   * Applies a capability's plan through the engine, records it (so Undo works after a restart) and
   * audits it. The capability's verify hook, when registered, is the verify step.
   */
  async apply(
    hostId: string,
    plan: ChangePlanBase,
    how: { capability: string; method: string; summary: string; action: string; target: string },
    context: CallContext,
  ): Promise<StoredChange> {
    const host = await this.host(hostId)
    const hooks = this.hooks.get(how.capability)
    return this.options.auditor.runAsync(
      { hostId, target: how.target, action: how.action, detail: how.summary },
      async () => {
        const applied = await applyChange(host, plan, {
          method: how.method,
          signal: context.signal,
          onProgress: (progress) => context.progress(progress),
          ...(this.options.domains === undefined ? {} : { domains: this.options.domains }),
          ...(this.options.backupDir === undefined ? {} : { backupDir: this.options.backupDir }),
          ...(hooks?.verify === undefined
            ? {}
            : {
                verify: async (h, change) =>
                  (hooks.verify as NonNullable<CapabilityHooks['verify']>)(h, {
                    id: change.id,
                    hostId,
                    feature: how.capability,
                    summary: how.summary,
                    appliedAt: change.appliedAt,
                    undoneAt: null,
                    plan,
                    applied: change,
                    verification: null,
                  }),
              }),
        })
        return this.options.store.changes.record({
          feature: how.capability,
          summary: how.summary,
          plan,
          applied,
        })
      },
    )
  }

  list(filter: { hostId?: string | undefined; capability?: string | undefined } = {}): HostChangeRecord[] {
    return this.options.store.changes.list(filter.hostId, filter.capability).map((c) => this.view(c))
  }

  stored(changeId: string): StoredChange {
    const change = this.options.store.changes.get(changeId)
    if (change === undefined)
      throw new AppError('NOT_FOUND', 'There is no such change.', { detail: `Change ${changeId}` })
    return change
  }

  get(changeId: string): HostChangeRecord {
    return this.view(this.stored(changeId))
  }

  private async host(hostId: string): Promise<Host> {
    this.options.registry.record(hostId)
    await this.options.registry.connect(hostId)
    return this.options.registry.get(hostId)
  }

  /** Runs the capability's verify step again and keeps the result. */
  async verify(changeId: string): Promise<HostChangeRecord> {
    const change = this.stored(changeId)
    const hooks = this.hooks.get(change.feature)
    if (hooks?.verify === undefined)
      throw new AppError('UNSUPPORTED', `Changes made by ${change.feature} have no verify step.`)
    const verification = await hooks.verify(await this.host(change.hostId), change)
    this.options.store.changes.setVerification(change.id, verification)
    return this.get(change.id)
  }

  /** Checks again every change of a host that waited for a reboot (the boot id tells whether it happened). */
  async verifyPending(hostId: string): Promise<HostChangeRecord[]> {
    if (this.verifying.has(hostId)) return []
    this.verifying.add(hostId)
    try {
      const pending = this.options.store.changes
        .list(hostId)
        .filter((c) => c.undoneAt === null && c.verification?.status === 'pending-reboot')
      const done: HostChangeRecord[] = []
      for (const change of pending) done.push(await this.verify(change.id))
      return done
    } finally {
      this.verifying.delete(hostId)
    }
  }

  /** Undoes any change, whichever capability made it; audited; refuses to overwrite later edits unless forced. */
  async undo(
    changeId: string,
    force: boolean,
    context: CallContext,
  ): Promise<{ change: HostChangeRecord; undo: UndoSummary }> {
    const change = this.stored(changeId)
    const host = await this.host(change.hostId)
    const hooks = this.hooks.get(change.feature)
    const undo = await this.options.auditor.runAsync(
      {
        hostId: change.hostId,
        target: change.summary,
        action: `${change.feature}.undo`,
        detail: `change ${change.id}`,
      },
      async () => {
        if (change.undoneAt !== null)
          throw new AppError('CONFLICT', `This change was already undone (${change.undoneAt}).`)
        try {
          const verify = hooks?.verify
          const result = await undoAppliedChange(host, change.applied, {
            force,
            onProgress: (progress) => context.progress(progress),
            ...(this.options.domains === undefined ? {} : { domains: this.options.domains }),
          })
          this.options.store.changes.markUndone(change.id)
          if (verify !== undefined) {
            // What the capability reads now, with the change undone (e.g. nested=N again).
            const after = await verify(host, this.stored(change.id)).catch(() => undefined)
            if (after !== undefined) result.verification = after
          }
          return result
        } catch (error) {
          // The files were put back but a command failed: the change is undone as far as the files go.
          if (error instanceof AppError && error.data?.['restored'] !== undefined)
            this.options.store.changes.markUndone(change.id)
          throw error
        }
      },
    )
    hooks?.afterUndo?.(this.stored(change.id))
    return { change: this.get(change.id), undo }
  }
}
