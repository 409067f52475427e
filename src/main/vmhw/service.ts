import { randomUUID } from 'node:crypto'
import type { ChangePlanBase, HostChangeRecord, Verification } from '@shared/changes.js'
import { AppError } from '@shared/errors.js'
import type {
  HardwareView,
  HostDevice,
  HwApplyResult,
  HwEdit,
  HwPreview,
  HwResizeResult,
} from '@shared/vm-hardware.js'
import type { ChangesService } from '../changes/changes-service.js'
import { definitionHash } from '../changes/domains.js'
import { PlanCache } from '../changes/plan-cache.js'
import { verification } from '../changes/verify.js'
import type { CallContext } from '../ipc/router.js'
import { StorageService } from '../libvirt/storage.js'
import {
  carryGraphicsSecrets,
  graphicsSecretKeys,
  maskGraphicsSecrets,
  SECURITY_INFO_FLAG,
} from '../libvirt/graphics-secrets.js'
import { diffLines, formatUnifiedDiff } from '../libvirt/xml/index.js'
import type { StoredChange } from '../store/changes-repo.js'
import type { LiveStep } from './dom.js'
import { applyHwEdit } from './edit.js'
import type { EditContext } from './edit.js'
import type { HwConnection } from './host-facts.js'
import { hostDevices, hostFacts, isoImages } from './host-facts.js'
import { pendingRestart, readHardware } from './read.js'
import type { DomainHardware } from './read.js'
import { resizeDisk } from './disks-host.js'
import { prepareEdit } from './prepare.js'
import type { EditSideEffects } from './prepare.js'

export interface VmHardwareServiceOptions {
  connection(hostId: string): Promise<HwConnection>
  /** libvirt's verdict on a definition (VmService.xmlPreview: validated in a throw-away test driver). */
  xmlPreview(
    vm: { hostId: string; uuid: string; name: string },
    xml: string,
  ): Promise<{ valid: boolean; problems: string[]; changed: boolean }>
  changes?: ChangesService
}

/** A previewed hardware edit, kept in main until applied: one domain edit, the live steps, side effects. */
export interface HwPlan extends ChangePlanBase, EditSideEffects {
  vm: string
  uuid: string
  summary: string
  live: LiveStep[]
}

interface Loaded {
  conn: HwConnection
  /** The definition as libvirt shows it (no console passwords): what a change compares and defines. */
  xml: string
  /** The same with its console passwords (`--security-info`; `xml` where not allowed): main only. */
  secretXml: string
  uuid: string
  running: boolean
  live?: DomainHardware
}

/** `passwd='…'` shown as dots in everything that leaves main (diffs, the Changes page). */
export const maskPasswords = maskGraphicsSecrets

/** `hw` with `hasPassword` as the XML read with `--security-info` says (the plain read never shows one). */
function withPasswords(hw: DomainHardware, secretXml: string): DomainHardware {
  const secret = readHardware(secretXml).graphics
  return {
    ...hw,
    graphics: hw.graphics.map((g, i) => ({ ...g, hasPassword: secret[i]?.hasPassword ?? g.hasPassword })),
  }
}

/**
 * The Hardware tab: a VM's devices read from its definition (and the running VM), each edit a
 * previewed change of the change engine — XML diff, libvirt's verdict, XML history, undo — applied
 * to the running VM too where libvirt can (attach/detach/update-device, change-media, setlink,
 * setmem, setvcpus), else shown as "restart needed" until the next boot.
 */
export class VmHardwareService {
  private readonly plans = new PlanCache<HwPlan>()

  constructor(private readonly options: VmHardwareServiceOptions) {
    options.changes?.register('vmhw', { verify: async (host, change) => this.verify(change, host) })
  }

  private async load(hostId: string, vm: string): Promise<Loaded> {
    const conn = await this.options.connection(hostId)
    let xml: string
    let state: string
    try {
      ;[xml, state] = await Promise.all([
        conn.read(['dumpxml', '--domain', vm, '--inactive']),
        conn.read(['domstate', '--domain', vm]),
      ])
    } catch (error) {
      if (error instanceof AppError && error.code === 'NOT_FOUND')
        throw new AppError('NOT_FOUND', `No VM named “${vm}” on ${conn.where}`, {
          detail: 'It may have been deleted or renamed; go back to the list.',
        })
      throw error
    }
    const running = /^(running|paused|in shutdown|pmsuspended)/.test(state.trim())
    const hw = readHardware(xml)
    const secretXml = await conn
      .read(['dumpxml', '--domain', hw.uuid, '--inactive', SECURITY_INFO_FLAG])
      .catch(() => xml)
    const loaded: Loaded = { conn, xml, secretXml, uuid: hw.uuid, running }
    if (running) {
      const [liveXml, liveSecret] = await Promise.all([
        conn.read(['dumpxml', '--domain', hw.uuid]),
        conn.read(['dumpxml', '--domain', hw.uuid, SECURITY_INFO_FLAG]).catch(() => undefined),
      ])
      loaded.live = withPasswords(readHardware(liveXml), liveSecret ?? liveXml)
    }
    return loaded
  }

  async view(hostId: string, vm: string): Promise<HardwareView> {
    const loaded = await this.load(hostId, vm)
    const hw = withPasswords(readHardware(loaded.xml), loaded.secretXml)
    const host = await hostFacts(loaded.conn)
    const isos = await isoImages(
      loaded.conn,
      host.pools.filter((p) => p.active).map((p) => p.name),
    ).catch(() => [])
    return {
      ...hw,
      hostId,
      running: loaded.running,
      restartNeeded: loaded.live === undefined ? [] : pendingRestart(hw, loaded.live),
      host: { ...host, isos },
    }
  }

  async hostDevices(hostId: string): Promise<HostDevice[]> {
    return hostDevices(await this.options.connection(hostId))
  }

  async preview(hostId: string, vm: string, edit: HwEdit): Promise<HwPreview> {
    const loaded = await this.load(hostId, vm)
    const { conn, xml, uuid } = loaded
    const name = readHardware(xml).vm
    const ctx: EditContext = {
      vm: name,
      uuid,
      running: loaded.running,
      ...(loaded.live === undefined ? {} : { live: loaded.live }),
      consolePasswords: readHardware(loaded.secretXml).graphics.map((g) => g.hasPassword),
    }
    const { side, notes } = await prepareEdit(conn, xml, edit, ctx)
    const result = applyHwEdit(xml, edit, ctx)
    const refusals: string[] = []
    // libvirt refuses to define an emulated TPM without swtpm (the test driver does not know): say so first.
    if (edit.kind === 'tpm' && edit.version !== null && ctx.swtpm === false)
      refusals.push(
        `swtpm is not installed on ${conn.where}: libvirt cannot emulate a TPM without it. Install swtpm and swtpm-tools (Debian, Ubuntu), then preview again.`,
      )
    const drop = result.dropGraphicsSecrets ?? []
    // A removed password is only seen with the passwords in: both sides then, as dots.
    const [from, to] =
      drop.length > 0
        ? [loaded.secretXml, carryGraphicsSecrets(loaded.secretXml, result.xml, drop)]
        : [xml, result.xml]
    const diff = formatUnifiedDiff(diffLines(maskPasswords(from), maskPasswords(to)), {
      fromFile: `${name} (now)`,
      toFile: `${name} (after)`,
    })
    const checked = await this.options.xmlPreview({ hostId, uuid, name }, result.xml)
    const changed = checked.changed || drop.length > 0
    const preview: HwPreview = {
      hostId,
      vm: name,
      summary: result.summary,
      diff,
      changed,
      valid: checked.valid && refusals.length === 0,
      problems: [...refusals, ...checked.problems.map(maskPasswords)],
      live: result.live.map((l) => l.what),
      restartNeeded: result.restartNeeded,
      notes: [...notes, ...result.notes],
    }
    if (preview.valid && changed) {
      const plan: HwPlan = {
        id: randomUUID(),
        hostId,
        createdAt: new Date().toISOString(),
        files: [],
        commands: [],
        domains: [
          {
            uuid,
            name,
            before: xml,
            after: result.xml,
            diff,
            historyReason: `Before: ${result.summary}`,
            ...(drop.length > 0 ? { dropGraphicsSecrets: drop } : {}),
          },
        ],
        rebootRequired: false,
        blockers: [],
        notes: preview.notes,
        vm: name,
        uuid,
        summary: result.summary,
        live: result.live,
        ...side,
      }
      preview.planId = this.plans.put(plan).id
    }
    return preview
  }

  async apply(hostId: string, planId: string, context: CallContext): Promise<HwApplyResult> {
    const changes = this.options.changes
    if (changes === undefined) throw new AppError('UNSUPPORTED', 'Applying needs the change engine.')
    const plan = this.plans.get(hostId, planId)
    const conn = await this.options.connection(hostId)
    if (plan.createVolume !== undefined) {
      const { pool, name, capacityBytes, format } = plan.createVolume
      context.progress({ message: `Creating volume ${name} in ${pool}…`, fraction: 0.05 })
      await new StorageService(conn as never).createVolume(pool, {
        name,
        capacityBytes,
        format,
        preallocation: format === 'qcow2' ? 'metadata' : 'off',
      })
    }
    let stored: StoredChange
    try {
      stored = await changes.apply(
        hostId,
        plan,
        {
          capability: 'vmhw',
          method: 'domain-xml',
          summary: `VM ${plan.vm}: ${plan.summary}`,
          action: 'vmhw.apply',
          target: `VM ${plan.vm}`,
        },
        context,
      )
    } catch (error) {
      if (plan.createVolume !== undefined)
        await conn
          .run(['vol-delete', '--pool', plan.createVolume.pool, '--vol', plan.createVolume.name])
          .catch(() => undefined)
      if (error instanceof AppError && error.code === 'CONFLICT') this.plans.drop(plan.id)
      throw error
    }
    this.plans.drop(plan.id)
    const live: HwApplyResult['live'] = []
    const running =
      plan.live.length > 0
        ? (await conn.read(['domstate', '--domain', plan.uuid])).trim() !== 'shut off'
        : false
    for (const step of running ? plan.live : []) {
      context.progress({ message: step.what, fraction: 0.95 })
      try {
        if (step.device === undefined) await conn.run(step.args)
        else
          await conn.withTempFile(step.device, (file) =>
            conn.run(step.args.map((a) => (a === '{file}' ? file : a))),
          )
        live.push({ what: step.what, ok: true })
      } catch (error) {
        live.push({
          what: step.what,
          ok: false,
          message: error instanceof Error ? error.message : String(error),
        })
      }
    }
    if (plan.deleteVolume !== undefined) {
      const { label: path, args } = plan.deleteVolume
      await conn.run(args).then(
        () => live.push({ what: `Delete volume ${path}`, ok: true }),
        (error: unknown) =>
          live.push({
            what: `Delete volume ${path}`,
            ok: false,
            message: error instanceof Error ? error.message : String(error),
          }),
      )
    }
    const after = await this.load(hostId, plan.uuid)
    return {
      change: changes.view(stored),
      live,
      restartNeeded:
        after.live === undefined
          ? []
          : pendingRestart(withPasswords(readHardware(after.xml), after.secretXml), after.live),
    }
  }

  async resize(hostId: string, vm: string, target: string, sizeGiB: number): Promise<HwResizeResult> {
    const loaded = await this.load(hostId, vm)
    return resizeDisk(
      loaded.conn,
      { uuid: loaded.uuid, xml: loaded.xml, running: loaded.running },
      target,
      sizeGiB,
    )
  }

  /** The definition is the one the change left (or, once undone, no longer is). */
  private async verify(
    change: StoredChange,
    host: Parameters<typeof verification>[0],
  ): Promise<Verification> {
    const conn = await this.options.connection(change.hostId)
    const undone = change.undoneAt !== null
    const checks = await Promise.all(
      (change.applied.domains ?? []).map(async (d) => {
        const current = await conn.read(['dumpxml', '--domain', d.uuid, '--inactive']).catch(() => '')
        let same = definitionHash(current) === d.definedSha256
        const dropped = d.dropGraphicsSecrets ?? []
        if (same && dropped.length > 0) {
          // Only the password changed: the plain definition is the same either way; ask with the passwords in.
          const secret = await conn
            .read(['dumpxml', '--domain', d.uuid, '--inactive', SECURITY_INFO_FLAG])
            .catch(() => current)
          const keys = graphicsSecretKeys(secret)
          same = !dropped.some((key) => keys.includes(key))
        }
        return {
          label: undone
            ? `${d.name} no longer has this change`
            : `${d.name} has the definition VirtDeck saved`,
          ok: undone ? !same : same,
          evidence: current === '' ? 'The VM is gone' : same ? 'Same definition' : 'The definition differs',
        }
      }),
    )
    return verification(host, change.applied, checks)
  }
}

export type { HostChangeRecord }
