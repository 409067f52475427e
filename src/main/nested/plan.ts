import { randomUUID } from 'node:crypto'
import type { Host } from '../host/host.js'
import type { CpuVendor, NestedMethod, NestedPlan, PlannedCommand, PlannedFile } from '@shared/nested.js'
import { AppError } from '@shared/errors.js'
import { detectBootloader } from './bootloader.js'
import { formatFileDiff } from '../changes/diff.js'
import { dropInOverrides, setKernelParam } from '../hostconf/grub/edit.js'
import { cmdlineEnables } from '../hostconf/kernel-cmdline.js'
import { listDirectory, pathExists, readTextOrNull } from '../changes/host-files.js'
import { detectVendor, kvmModule, nestedKernelParam, readNestedState } from './kvm-module.js'
import { findNestedOptions, NESTED_CONF_PATH, setNestedOption } from './nested-conf.js'
import { readModprobeFiles } from '../hostconf/modprobe-conf.js'

/**
 * The change plan: everything a change will do, computed before anything runs, so the user sees the
 * exact diffs and commands. Building a plan only reads; applyPlan (apply.ts) does the writing.
 */

export const GRUB_DEFAULT_PATH = '/etc/default/grub'
/** grub-mkconfig sources these after /etc/default/grub, so they can undo its settings. */
export const GRUB_DROP_IN_DIR = '/etc/default/grub.d'

/** KVM modules that are not hardware virtualization: the vendor module's nested option means nothing next to them. */
const PVM_MODULES = ['kvm_pvm']

export interface BuildNestedPlanOptions {
  method: NestedMethod
  /** Default: from /proc/cpuinfo's vendor_id. */
  vendor?: CpuVendor
  /** Where running VMs are listed. Default qemu:///system. */
  libvirtUri?: string
  now?: () => Date
  newId?: () => string
}

export function plannedFile(path: string, before: string | null, after: string): PlannedFile {
  return { path, before, after, diff: formatFileDiff(path, before, after) }
}

/** Names of running libvirt domains, or the reason they could not be listed. */
export async function listRunningVms(
  host: Host,
  uri: string,
): Promise<{ names: string[] } | { error: string }> {
  try {
    const result = await host.exec('virsh', ['-c', uri, 'list', '--name', '--state-running'], {
      timeoutMs: 30_000,
    })
    if (result.code !== 0)
      return { error: result.stderr.trim() || `virsh exited with ${String(result.code)}` }
    return {
      names: result.stdout
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== ''),
    }
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) }
  }
}

export async function buildNestedPlan(host: Host, options: BuildNestedPlanOptions): Promise<NestedPlan> {
  const vendor = options.vendor ?? (await detectVendor(host))
  const base = {
    id: (options.newId ?? randomUUID)(),
    hostId: host.id,
    createdAt: (options.now?.() ?? new Date()).toISOString(),
    vendor,
  }
  const pvm = ((await listDirectory(host, '/sys/module')) ?? []).find((name) => PVM_MODULES.includes(name))
  if (pvm !== undefined) {
    // Nothing the plan writes would reach the VMs: they run on PVM, and the vendor module cannot load here.
    return {
      ...base,
      method: options.method,
      files: [],
      commands: [],
      rebootRequired: false,
      blockers: [
        `VMs on this host run on ${pvm} (KVM without hardware virtualization, PVM): ${kvmModule(vendor)}'s nested setting does not apply to them, and ${kvmModule(vendor)} cannot load here. There is nothing to enable on this host; its VMs already are nested guests.`,
      ],
      notes: [],
    }
  }
  const body =
    options.method === 'modprobe'
      ? await modprobeBody(host, vendor, options.libvirtUri ?? 'qemu:///system')
      : await grubBody(host, vendor)
  return { ...base, method: options.method, ...body }
}

type PlanBody = Pick<NestedPlan, 'files' | 'commands' | 'rebootRequired' | 'blockers' | 'notes'>

async function modprobeBody(host: Host, vendor: CpuVendor, libvirtUri: string): Promise<PlanBody> {
  const module = kvmModule(vendor)
  const blockers: string[] = []
  const notes: string[] = []
  const files: PlannedFile[] = []

  const loaded = await pathExists(host, `/sys/module/${module}`, '-d')
  const builtin = loaded && !(await pathExists(host, `/sys/module/${module}/initstate`))
  if (builtin) {
    blockers.push(
      `${module} is built into the kernel, so it cannot be reloaded with a new option. Use the bootloader method (${nestedKernelParam(vendor)}) instead.`,
    )
  }

  const modprobeFiles = await readModprobeFiles(host)
  const others = modprobeFiles.filter((f) => f.path !== NESTED_CONF_PATH)
  const ourName = NESTED_CONF_PATH.slice(NESTED_CONF_PATH.lastIndexOf('/') + 1)
  for (const hit of findNestedOptions(others, vendor).filter((h) => !h.enables)) {
    const name = hit.path.slice(hit.path.lastIndexOf('/') + 1)
    const readAfterOurs = name > ourName
    if (hit.path.startsWith('/etc/modprobe.d/')) {
      const before = others.find((f) => f.path === hit.path)?.content ?? ''
      if (!files.some((f) => f.path === hit.path))
        files.push(plannedFile(hit.path, before, setNestedOption(before, vendor)))
      notes.push(
        `${hit.path} line ${hit.line} sets "${hit.text}"; it is changed to nested=1 as well${readAfterOurs ? ' (it is read after our file and would override it)' : ''}.`,
      )
    } else if (readAfterOurs) {
      blockers.push(
        `${hit.path} line ${hit.line} sets "${hit.text}" and modprobe reads it after ${NESTED_CONF_PATH}, so it would win. Mask it with a file of the same name in /etc/modprobe.d, then plan again.`,
      )
    } else {
      notes.push(
        `${hit.path} line ${hit.line} sets "${hit.text}"; ${NESTED_CONF_PATH} is read after it and overrides it.`,
      )
    }
  }

  // Read above with the other modprobe.d files unless it is missing or unreadable (then as root).
  const before =
    modprobeFiles.find((f) => f.path === NESTED_CONF_PATH)?.content ??
    (await readTextOrNull(host, NESTED_CONF_PATH, { reason: `Read ${NESTED_CONF_PATH}` }))
  const after = setNestedOption(before, vendor)
  if (after !== before) files.unshift(plannedFile(NESTED_CONF_PATH, before, after))

  const nestedNow = await readNestedState(host, vendor)
  const commands: PlannedCommand[] = []
  if (nestedNow === 'Y') {
    notes.push(
      files.length === 0
        ? `Nested virtualization is already on (${module} nested=Y) and set persistently; nothing to do.`
        : `Nested virtualization is already on now (${module} nested=Y); the file keeps it on at every boot, no reload needed.`,
    )
  } else if (!builtin) {
    if (loaded)
      commands.push({
        file: 'modprobe',
        args: ['-r', module],
        why: `Unload ${module} so it can load again with nested=1`,
      })
    commands.push({ file: 'modprobe', args: [module], why: `Load ${module} with nested=1` })
  }

  if (commands.length > 0 && loaded) {
    const running = await listRunningVms(host, libvirtUri)
    if ('names' in running && running.names.length > 0) {
      blockers.push(
        `Running VMs use ${module}: ${running.names.join(', ')}. Shut them down first; the module cannot be reloaded while they run.`,
      )
    } else if ('error' in running) {
      notes.push(
        `Could not list running VMs (${libvirtUri}): ${running.error}. If a VM is running, unloading ${module} fails and nothing else changes.`,
      )
    }
    const refcnt = Number.parseInt(
      (await readTextOrNull(host, `/sys/module/${module}/refcnt`).catch(() => null)) ?? '0',
      10,
    )
    if (refcnt > 0 && !('names' in running && running.names.length > 0)) {
      blockers.push(
        `${module} is in use (${refcnt} user${refcnt === 1 ? '' : 's'}): a VM outside libvirt (QEMU, GNOME Boxes, …) may be running. Stop it first.`,
      )
    }
  }
  notes.push(
    'The modprobe method needs no reboot: the option applies when the module loads, now and at every boot.',
  )
  return { files, commands, rebootRequired: false, blockers, notes }
}

async function grubBody(host: Host, vendor: CpuVendor): Promise<PlanBody> {
  const param = nestedKernelParam(vendor)
  const blockers: string[] = []
  const notes: string[] = []
  const bootloader = await detectBootloader(host, param)
  if (bootloader.kind !== 'grub' || bootloader.regenerate === undefined) {
    blockers.push(
      bootloader.kind === 'grub'
        ? 'No command to regenerate the GRUB configuration was found.'
        : `This host does not boot with GRUB (${bootloader.kind}); /etc/default/grub would not be used.`,
    )
    notes.push(...bootloader.instructions, ...bootloader.evidence)
    return { files: [], commands: [], rebootRequired: false, blockers, notes }
  }
  const before = await readTextOrNull(host, GRUB_DEFAULT_PATH, { reason: `Read ${GRUB_DEFAULT_PATH}` })
  if (before === null) throw new AppError('NOT_FOUND', `${GRUB_DEFAULT_PATH} disappeared while planning.`)
  let edit
  try {
    edit = setKernelParam(before, param)
  } catch (error) {
    if (error instanceof AppError && error.code === 'UNSUPPORTED') {
      blockers.push(`${error.message} ${error.detail ?? ''}`.trim())
      return { files: [], commands: [], rebootRequired: false, blockers, notes }
    }
    throw error
  }
  notes.push(...edit.notes)
  blockers.push(...(await grubDropInBlockers(host, param)))
  const files = edit.changed ? [plannedFile(GRUB_DEFAULT_PATH, before, edit.text)] : []
  const cmdline = (await readTextOrNull(host, '/proc/cmdline').catch(() => null)) ?? ''
  const active = cmdlineEnables(cmdline, param)
  const commands = files.length > 0 || !active ? [bootloader.regenerate] : []
  if (files.length === 0) notes.push(`${GRUB_DEFAULT_PATH} already has ${param}.`)
  if (active) notes.push(`The running kernel was booted with ${param}.`)
  const modprobeOff = findNestedOptions(await readModprobeFiles(host), vendor).filter((h) => !h.enables)
  for (const hit of modprobeOff)
    notes.push(
      `${hit.path} line ${hit.line} sets "${hit.text}", which may override the kernel parameter when the module loads.`,
    )
  notes.push(...bootloader.evidence)
  return { files, commands, rebootRequired: !active || files.length > 0, blockers, notes }
}

/** Drop-ins in /etc/default/grub.d that would undo the edit: the plan cannot promise the result then. */
async function grubDropInBlockers(host: Host, param: string): Promise<string[]> {
  const blockers: string[] = []
  for (const name of ((await listDirectory(host, GRUB_DROP_IN_DIR)) ?? [])
    .filter((n) => n.endsWith('.cfg'))
    .sort()) {
    const path = `${GRUB_DROP_IN_DIR}/${name}`
    const text = await readTextOrNull(host, path).catch(() => null)
    if (text === null) continue
    let problems: string[]
    try {
      problems = dropInOverrides(text, param)
    } catch {
      problems = ['uses shell syntax VirtDeck cannot read']
    }
    if (problems.length > 0) {
      blockers.push(
        `${path} is read after ${GRUB_DEFAULT_PATH} and ${problems.join(', ')}; edit it by hand (add ${param} there), or use the modprobe method.`,
      )
    }
  }
  return blockers
}
