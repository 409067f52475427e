import type {
  GpuReport,
  HostPassthroughPlan,
  InitramfsSystem,
  PassthroughBootloader,
  PlanCommand,
  PlanFile,
} from '@shared/passthrough.js'
import type { SecureBootFacts } from './secure-boot.js'
import { secureBootFindings } from './secure-boot.js'
import { formatFileDiff } from '../changes/diff.js'
import { effectiveParam, setKernelParam } from '../hostconf/grub/edit.js'
import {
  editSystemdBootEntry,
  grubbyCommand,
  grubbyCommonArgs,
  kernelstubCommand,
  kernelstubOptions,
  paramsPresent,
  passthroughParams,
} from './boot-params.js'
import {
  DRACUT_DROP_IN,
  dracutDropIn,
  dracutListedModules,
  editInitramfsToolsModules,
  editMkinitcpioModules,
  INITRAMFS_TOOLS_MODULES,
  initramfsRegenerate,
  MKINITCPIO_CONF,
  vfioModules,
} from '../hostconf/initramfs.js'
import { rescueNote } from './rescue.js'
import { editVfioConf, softdepDrivers, VFIO_CONF_PATH } from './vfio-conf.js'

/**
 * The host preparation for one GPU as data — files (path, current and new content, diff),
 * commands, blockers, notes, the rescue text — computed from facts the caller read. Pure: nothing
 * here reads or writes a host, so the change engine can preview, apply and undo it.
 */

export const GRUB_DEFAULT = '/etc/default/grub'

export interface HostPlanInput {
  gpu: GpuReport
  /** Class codes of the functions, by address (decides the audio softdep). */
  functionClasses: Record<string, string>
  cpuVendor: 'intel' | 'amd' | null
  kernelRelease: string | null
  cmdline: string | null
  initramfs: InitramfsSystem
  bootloader: PassthroughBootloader
  /** Current contents of the files the plan may change (null: missing). Keys are absolute paths. */
  files: Record<string, string | null>
  /** dracut: the other drop-ins' contents, to not list a module twice. */
  dracutFiles?: (string | null)[]
  /** systemd-boot: the entry files to edit. */
  systemdBootEntries?: string[]
  /** kernelstub: /etc/kernelstub/configuration; grubby: `grubby --info=ALL` output. */
  kernelstubConfig?: string | null
  grubbyInfo?: string | null
  /** GRUB: the command that regenerates grub.cfg on this distribution (from the bootloader detection). */
  grubRegenerate?: PlanCommand
  /** Running VMs that hold a function of the card, or why they could not be listed. */
  runningVms?: { vms: string[] } | { error: string }
  /** Secure Boot state and vfio-pci's signer (see secure-boot.ts). */
  secureBoot?: SecureBootFacts
}

function file(path: string, before: string | null, after: string, why: string): PlanFile | undefined {
  if (after === (before ?? '') && before !== null) return undefined
  if (before === null && after === '') return undefined
  return { path, before, after, diff: formatFileDiff(path, before, after), why }
}

function bootParamChanges(
  input: HostPlanInput,
  missing: string[],
  plan: Pick<HostPassthroughPlan, 'files' | 'commands' | 'blockers' | 'notes'>,
): void {
  if (missing.length === 0) return
  switch (input.bootloader) {
    case 'grub': {
      const before = input.files[GRUB_DEFAULT] ?? null
      if (before === null) {
        plan.blockers.push(
          `${GRUB_DEFAULT} is missing although GRUB was detected; add ${missing.join(' ')} by hand.`,
        )
        return
      }
      let text = before
      const inFile = missing.filter((p) => effectiveParam(before, p)?.token === p)
      if (inFile.length > 0)
        plan.notes.push(
          `${GRUB_DEFAULT} already has ${inFile.join(' ')}; it is not on the running kernel's command line yet (reboot).`,
        )
      for (const param of missing.filter((p) => !inFile.includes(p))) {
        const edit = setKernelParam(text, param)
        text = edit.text
        plan.notes.push(...edit.notes)
      }
      const changed = file(GRUB_DEFAULT, before, text, `Kernel parameters ${missing.join(' ')}`)
      if (changed !== undefined) plan.files.push(changed)
      if (input.grubRegenerate !== undefined) {
        if (changed !== undefined) plan.commands.push(input.grubRegenerate)
      } else plan.blockers.push('No command to regenerate grub.cfg was found (update-grub, grub2-mkconfig).')
      return
    }
    case 'systemd-boot':
      for (const path of input.systemdBootEntries ?? []) {
        const before = input.files[path] ?? null
        if (before === null) continue
        const changed = file(
          path,
          before,
          editSystemdBootEntry(before, missing),
          `Kernel parameters ${missing.join(' ')}`,
        )
        if (changed !== undefined) plan.files.push(changed)
      }
      if ((input.systemdBootEntries ?? []).length === 0)
        plan.blockers.push('No systemd-boot entry was found to add the kernel parameters to.')
      return
    case 'kernelstub': {
      const have = kernelstubOptions(input.kernelstubConfig ?? '')
      const add = missing.filter((p) => !have.includes(p))
      if (add.length > 0) plan.commands.push(kernelstubCommand(add))
      return
    }
    case 'grubby': {
      const have = grubbyCommonArgs(input.grubbyInfo ?? '')
      const add = missing.filter((p) => !have.includes(p))
      if (add.length > 0) plan.commands.push(grubbyCommand(add))
      return
    }
    case 'unknown':
      plan.blockers.push(
        `VirtDeck could not tell which bootloader this host uses; add ${missing.join(' ')} to the kernel command line by hand.`,
      )
  }
}

export function buildHostPlan(input: HostPlanInput): HostPassthroughPlan {
  const { gpu } = input
  const ids = [...new Set(gpu.functions.map((f) => `${f.vendorId}:${f.deviceId}`))]
  const plan: HostPassthroughPlan = {
    gpu: gpu.address,
    ids,
    kernelParams: { add: [], alreadySet: [], notes: [] },
    files: [],
    commands: [],
    blockers: [],
    notes: [],
    rescue: '',
    rebootRequired: false,
  }

  // What the judgement found that a plan must not ignore.
  for (const blocker of gpu.blockers) {
    if (
      gpu.viability === 'no-iommu' &&
      blocker.startsWith('The IOMMU is off') &&
      input.cpuVendor === 'intel'
    ) {
      plan.notes.push(
        'No IOMMU groups now; the plan adds intel_iommu=on. If there are still none after the reboot, VT-d is off in the firmware setup.',
      )
      continue
    }
    plan.blockers.push(blocker)
  }

  if (input.runningVms !== undefined && 'vms' in input.runningVms && input.runningVms.vms.length > 0)
    plan.blockers.push(
      `Running VMs use this card: ${input.runningVms.vms.join(', ')}. Shut them down first; rebinding the card under a running guest crashes it.`,
    )
  else if (input.runningVms !== undefined && 'error' in input.runningVms)
    plan.notes.push(`Could not check for running VMs using the card: ${input.runningVms.error}`)

  if (input.secureBoot !== undefined) {
    const sb = secureBootFindings(input.secureBoot, input.cmdline)
    plan.blockers.push(...sb.blockers)
    plan.notes.push(...sb.notes)
  }

  const { params, notes } = passthroughParams(input.cpuVendor)
  plan.kernelParams.notes.push(...notes)
  plan.kernelParams.alreadySet = paramsPresent(input.cmdline, params)
  plan.kernelParams.add = params.filter((p) => !plan.kernelParams.alreadySet.includes(p))
  bootParamChanges(input, plan.kernelParams.add, plan)

  const drivers = softdepDrivers(
    gpu.vendor,
    gpu.functions.map((f) => ({
      ...(f.driver === undefined ? {} : { driver: f.driver }),
      classCode: input.functionClasses[f.address] ?? '',
    })),
  )
  const vfio = file(
    VFIO_CONF_PATH,
    input.files[VFIO_CONF_PATH] ?? null,
    editVfioConf(input.files[VFIO_CONF_PATH] ?? null, ids, drivers),
    `Give ${ids.join(', ')} to vfio-pci, loaded before ${drivers.join(', ')}`,
  )
  if (vfio !== undefined) plan.files.push(vfio)

  const modules = vfioModules(input.kernelRelease)
  let initramfsFile: PlanFile | undefined
  switch (input.initramfs) {
    case 'initramfs-tools': {
      const before = input.files[INITRAMFS_TOOLS_MODULES] ?? null
      initramfsFile = file(
        INITRAMFS_TOOLS_MODULES,
        before,
        editInitramfsToolsModules(before, modules),
        'vfio modules in the initramfs',
      )
      break
    }
    case 'dracut': {
      const before = input.files[DRACUT_DROP_IN] ?? null
      const after = dracutDropIn(before, modules, dracutListedModules(input.dracutFiles ?? []))
      initramfsFile = file(DRACUT_DROP_IN, before, after, 'vfio modules in the initramfs')
      break
    }
    case 'mkinitcpio': {
      const before = input.files[MKINITCPIO_CONF] ?? null
      if (before === null)
        plan.blockers.push(`${MKINITCPIO_CONF} is missing although mkinitcpio was detected.`)
      else
        initramfsFile = file(
          MKINITCPIO_CONF,
          before,
          editMkinitcpioModules(before, modules),
          'vfio modules first in MODULES=()',
        )
      break
    }
    case 'unknown':
      plan.notes.push(
        `No initramfs-tools, dracut or mkinitcpio found: make sure ${modules.join(', ')} load before the GPU driver (or add vfio-pci.ids=${ids.join(',')} to the kernel command line).`,
      )
  }
  if (initramfsFile !== undefined) plan.files.push(initramfsFile)
  const regenerate = initramfsRegenerate(input.initramfs)
  if (regenerate !== undefined && (initramfsFile !== undefined || vfio !== undefined))
    plan.commands.push(regenerate)
  if (modules.includes('vfio_virqfd'))
    plan.notes.push(
      `Kernel ${input.kernelRelease ?? '?'} is older than 6.2, so vfio_virqfd is listed as well.`,
    )
  else plan.notes.push('vfio_virqfd is not listed: since Linux 6.2 it is part of vfio.')

  if (gpu.boundToVfio && plan.kernelParams.add.length === 0 && plan.files.length === 0)
    plan.notes.push('Nothing to do: the card is already bound to vfio-pci and the host is prepared.')
  plan.rebootRequired = plan.files.length > 0 || plan.commands.length > 0
  plan.rescue = rescueNote(plan, input.bootloader)
  return plan
}
