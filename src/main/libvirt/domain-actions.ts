import { AppError } from '@shared/errors.js'
import type { DeleteResult, DeletionPlan, DomainRef, LifecycleAction } from '@shared/vms.js'
import { conflictError } from './conflict-reason.js'
import { domainNotFound, noLongerExists, refLabel, refTarget } from './domain-ref.js'
import { readDomainXml } from './domain-xml-read.js'
import type { LibvirtConnection } from './libvirt-connection.js'
import { isActiveState, parseKeyValues, parseNames, stateFromText } from './virsh-parse.js'

export { LIFECYCLE_ACTIONS } from '@shared/vms.js'
export type { LifecycleAction } from '@shared/vms.js'

/** What a CONFLICT from libvirt means for each action, in the user's words. */
const CONFLICT_WORDS: Record<LifecycleAction, string> = {
  start: 'is already running',
  shutdown: 'is not running',
  reboot: 'is not running',
  destroy: 'is not running',
  suspend: 'is not running',
  resume: 'is not paused',
}

const VERBS: Record<LifecycleAction, string> = {
  start: 'start',
  shutdown: 'shut down',
  reboot: 'reboot',
  destroy: 'be forced off',
  suspend: 'pause',
  resume: 'resume',
}

/** Starting a big VM or waiting for QEMU to let go takes longer than a query. */
const ACTION_TIMEOUT_MS = 120_000

export interface DeleteOptions {
  /** Exactly these disk paths (from `deletionPlan`) are removed after the definition; nothing else. */
  removeStorage?: readonly string[]
  /** Force a running VM off first; without it deleting a running VM is refused (CONFLICT). */
  forceOff?: boolean
}

/**
 * Start, shut down (ACPI), reboot, force off, pause/resume, autostart, delete. Each is one virsh
 * command, audited; libvirt's errors come back as NOT_FOUND ("… no longer exists on <host>": someone
 * else deleted it) or CONFLICT ("… is already running") with libvirt's words in the detail.
 */
export class DomainActions {
  constructor(private readonly conn: LibvirtConnection) {}

  start(ref: DomainRef): Promise<void> {
    return this.lifecycle('start', ref, ['start', '--domain', refTarget(ref)])
  }

  /** Asks the guest to power off (ACPI power button); it may ignore it. */
  shutdown(ref: DomainRef): Promise<void> {
    return this.lifecycle('shutdown', ref, ['shutdown', '--domain', refTarget(ref), '--mode', 'acpi'])
  }

  /** Asks the guest to reboot (ACPI). */
  reboot(ref: DomainRef): Promise<void> {
    return this.lifecycle('reboot', ref, ['reboot', '--domain', refTarget(ref), '--mode', 'acpi'])
  }

  /** Force off: like pulling the plug. */
  destroy(ref: DomainRef): Promise<void> {
    return this.lifecycle('destroy', ref, ['destroy', '--domain', refTarget(ref)])
  }

  suspend(ref: DomainRef): Promise<void> {
    return this.lifecycle('suspend', ref, ['suspend', '--domain', refTarget(ref)])
  }

  resume(ref: DomainRef): Promise<void> {
    return this.lifecycle('resume', ref, ['resume', '--domain', refTarget(ref)])
  }

  run(action: LifecycleAction, ref: DomainRef): Promise<void> {
    return this[action](ref)
  }

  setAutostart(ref: DomainRef, enabled: boolean): Promise<void> {
    const args = ['autostart', '--domain', refTarget(ref)]
    if (!enabled) args.push('--disable')
    return this.conn.audited(
      enabled ? 'domain.autostart.on' : 'domain.autostart.off',
      refLabel(ref),
      async () => {
        try {
          await this.conn.run(args)
        } catch (error) {
          throw domainNotFound(error, ref, this.conn.where)
        }
      },
    )
  }

  /** What deleting would remove: every disk file (path, size, whether a pool manages it), the NVRAM, snapshots. */
  async deletionPlan(ref: DomainRef): Promise<DeletionPlan> {
    const target = refTarget(ref)
    let xml: string
    let info: string
    let snapshots: string
    try {
      ;[xml, info, snapshots] = await Promise.all([
        this.conn.read(['dumpxml', '--domain', target, '--inactive']),
        this.conn.read(['dominfo', '--domain', target]),
        this.conn.read(['snapshot-list', '--domain', target, '--name']).catch((error: unknown) => {
          if (error instanceof AppError && error.code === 'UNSUPPORTED') return ''
          throw error
        }),
      ])
    } catch (error) {
      throw domainNotFound(error, ref, this.conn.where)
    }
    const kv = parseKeyValues(info)
    const running = isActiveState(stateFromText(kv.get('State')))
    const facts = readDomainXml(xml)
    // The live definition names what the persistent one may not: the NVRAM file libvirt picked, hot-plugged disks.
    const live = running
      ? readDomainXml(await this.conn.read(['dumpxml', '--domain', target]).catch(() => xml))
      : facts
    const seen = new Set(facts.disks.map((d) => d.target))
    for (const disk of live.disks) if (!seen.has(disk.target)) facts.disks.push(disk)
    const nvram = live.nvram ?? facts.nvram
    const disks = facts.disks.filter(
      (d) =>
        d.path !== undefined &&
        (d.sourceType === 'file' || d.sourceType === 'block' || d.sourceType === 'volume'),
    )
    // Volume-type disks name pool/volume: the pool knows the path.
    const paths = await Promise.all(
      disks.map(async (d) => {
        if (d.sourceType !== 'volume' || d.pool === undefined || d.volume === undefined) return d.path ?? ''
        return (
          await this.conn.read(['vol-path', '--pool', d.pool, d.volume]).catch(() => d.path ?? '')
        ).trim()
      }),
    )
    const volumes = await this.conn.readBatch(paths.map((path) => ['vol-info', '--bytes', '--vol', path]))
    const plan: DeletionPlan = {
      name: facts.name,
      uuid: facts.uuid,
      running,
      firmware: facts.overview.firmware,
      hasSnapshots: parseNames(snapshots).length > 0,
      managedSave: kv.get('Managed save') === 'yes',
      disks: disks.map((d, i) => {
        const vol = parseKeyValues(volumes.outputs[i] ?? '')
        const allocation = vol.get('Allocation')
        return {
          target: d.target,
          device: d.device,
          path: paths[i] ?? '',
          inPool: vol.has('Name'),
          ...(d.pool === undefined ? {} : { pool: d.pool }),
          ...(d.volume === undefined ? {} : { volume: d.volume }),
          ...(allocation !== undefined && /^\d+$/.test(allocation) ? { size: Number(allocation) } : {}),
        }
      }),
      ...(nvram === undefined ? {} : { nvram }),
    }
    return plan
  }

  /**
   * Undefines the VM (with its NVRAM, managed save and snapshot metadata, which would otherwise
   * block it), then removes exactly the chosen disk files: through their pool when one manages
   * them, else as plain files. Paths not in the plan are refused before anything happens.
   */
  async delete(ref: DomainRef, options: DeleteOptions = {}): Promise<DeleteResult> {
    const requested = options.removeStorage ?? []
    return this.conn.audited(
      'domain.delete',
      refLabel(ref),
      async () => {
        const plan = await this.deletionPlan(ref)
        const known = new Map(plan.disks.map((d) => [d.path, d]))
        const unknown = requested.filter((path) => !known.has(path))
        if (unknown.length > 0) {
          throw new AppError('INVALID_INPUT', `Not a disk of “${plan.name}”: ${unknown.join(', ')}`, {
            detail: 'Only files listed in the deletion plan can be removed with the VM.',
          })
        }
        const exact = { uuid: plan.uuid, name: plan.name }
        if (plan.running) {
          if (options.forceOff !== true)
            throw new AppError('CONFLICT', `“${plan.name}” is running`, {
              detail: 'Force it off first, or delete with force off.',
            })
          await this.conn
            .run(['destroy', '--domain', plan.uuid], { timeoutMs: ACTION_TIMEOUT_MS })
            .catch((error: unknown) => {
              if (!(error instanceof AppError && error.code === 'CONFLICT'))
                throw domainNotFound(error, exact, this.conn.where)
            })
        }
        const args = ['undefine', '--domain', plan.uuid]
        if (plan.nvram !== undefined || plan.firmware === 'uefi') args.push('--nvram')
        if (plan.managedSave) args.push('--managed-save')
        if (plan.hasSnapshots) args.push('--snapshots-metadata')
        try {
          await this.conn.run(args, { timeoutMs: ACTION_TIMEOUT_MS })
        } catch (error) {
          // A transient VM vanishes once forced off: that is the deletion asked for.
          if (!(plan.running && error instanceof AppError && error.code === 'NOT_FOUND'))
            throw domainNotFound(error, exact, this.conn.where)
        }
        const result: DeleteResult = { undefined: true, removed: [], failed: [] }
        for (const path of requested) {
          try {
            await this.removeDisk(path, known.get(path)?.inPool === true)
            result.removed.push(path)
          } catch (error) {
            result.failed.push({ path, reason: error instanceof Error ? error.message : String(error) })
          }
        }
        return result
      },
      requested.length > 0 ? `with storage: ${requested.join(', ')}` : undefined,
    )
  }

  private async removeDisk(path: string, inPool: boolean): Promise<void> {
    if (inPool) {
      await this.conn.run(['vol-delete', '--vol', path])
      return
    }
    // Not managed by a pool: only a regular file is removed (never a device node).
    const check = await this.conn.host.exec('test', ['-f', path], { timeoutMs: 15_000 })
    if (check.code !== 0)
      throw new AppError(
        'UNSUPPORTED',
        `${path} is not a regular file and no storage pool manages it; remove it yourself`,
      )
    const removed = await this.conn.host.exec('rm', ['-f', '--', path], { timeoutMs: 60_000 })
    if (removed.code !== 0) {
      const denied = /Permission denied|Operation not permitted/.test(removed.stderr)
      throw new AppError(
        denied ? 'PERMISSION_DENIED' : 'COMMAND_FAILED',
        `Could not remove ${path} on ${this.conn.where}`,
        { detail: removed.stderr.trim() },
      )
    }
  }

  private async lifecycle(action: LifecycleAction, ref: DomainRef, args: string[]): Promise<void> {
    return this.conn.audited(`domain.${action}`, refLabel(ref), async () => {
      try {
        await this.conn.run(args, { timeoutMs: ACTION_TIMEOUT_MS })
      } catch (error) {
        // Drivers without ACPI modes (test, LXC) take the plain request.
        if (error instanceof AppError && error.code === 'UNSUPPORTED' && args.includes('--mode')) {
          try {
            await this.conn.run(args.slice(0, args.indexOf('--mode')), { timeoutMs: ACTION_TIMEOUT_MS })
            return
          } catch (retryError) {
            throw this.actionError(action, ref, retryError)
          }
        }
        throw this.actionError(action, ref, error)
      }
    })
  }

  private actionError(action: LifecycleAction, ref: DomainRef, error: unknown): unknown {
    if (!(error instanceof AppError)) return error
    if (error.code === 'NOT_FOUND') return noLongerExists(ref, this.conn.where, error)
    if (error.code === 'CONFLICT') {
      return conflictError(error, `“${refLabel(ref)}”`, VERBS[action], CONFLICT_WORDS[action])
    }
    return error
  }
}
