import type { CheckResult, CpuVendor, Evidence } from '@shared/checks.js'
import type { HostReader, ReadOutcome, RunOutcome } from './host-io.js'
import { commandEvidence } from './host-io.js'
import { findParam, parseKernelCmdline } from '../hostconf/kernel-cmdline.js'
import { grubKernelParams, parseGrubDefaults } from '../hostconf/grub/read.js'
import { parseModinfoParams, parseModuleBoolean } from '../hostconf/module-params.js'
import { parseModprobeConf } from '../hostconf/modprobe-conf.js'
import { MODPROBE_DIRS } from '../hostconf/modprobe-conf.js'

const NESTED_MODULES = ['kvm_intel', 'kvm_amd'] as const
type NestedModule = (typeof NESTED_MODULES)[number]

/** A place that sets `nested` for kvm_intel/kvm_amd at boot or module load. */
export interface NestedSetting {
  module: NestedModule
  value?: boolean
  /** `/etc/modprobe.d/kvm.conf:3`, `/proc/cmdline`, `/etc/default/grub:10`. */
  where: string
  text: string
  kind: 'modprobe' | 'cmdline' | 'grub'
}

export interface NestedFacts {
  live: Record<NestedModule, ReadOutcome>
  settings: NestedSetting[]
  blacklisted: { module: string; where: string; text: string }[]
  /** `modinfo` of the vendor module when it is not loaded. */
  modinfo?: { module: NestedModule; outcome: RunOutcome }
}

function isNestedModule(name: string): name is NestedModule {
  return (NESTED_MODULES as readonly string[]).includes(name)
}

export async function gatherNested(
  reader: HostReader,
  vendor: CpuVendor,
  loadedModules: ReadonlySet<string> | undefined,
): Promise<NestedFacts> {
  const [intel, amd, cmdline, grub, ...listings] = await Promise.all([
    reader.read('/sys/module/kvm_intel/parameters/nested'),
    reader.read('/sys/module/kvm_amd/parameters/nested'),
    reader.read('/proc/cmdline'),
    reader.read('/etc/default/grub'),
    ...MODPROBE_DIRS.map((dir) => reader.list(dir)),
  ])
  const facts: NestedFacts = { live: { kvm_intel: intel, kvm_amd: amd }, settings: [], blacklisted: [] }

  // modprobe reads *.conf of all these folders in file-name order; a name in an earlier folder hides the later ones.
  const files = new Map<string, string>()
  MODPROBE_DIRS.forEach((dir, index) => {
    const listing = listings[index]
    if (listing === undefined || !listing.ok) return
    for (const name of listing.names)
      if (name.endsWith('.conf') && !files.has(name)) files.set(name, `${dir}/${name}`)
  })
  const ordered = [...files.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, path]) => path)
  const contents = await Promise.all(ordered.map((path) => reader.read(path)))
  ordered.forEach((path, index) => {
    const content = contents[index]
    if (content === undefined || !content.ok) return
    const conf = parseModprobeConf(content.text)
    for (const options of conf.options) {
      const nested = options.params.filter((param) => param.name === 'nested').at(-1)
      if (nested === undefined || !isNestedModule(options.module)) continue
      const setting: NestedSetting = {
        module: options.module,
        where: `${path}:${options.line}`,
        text: options.text,
        kind: 'modprobe',
      }
      const value = parseModuleBoolean(nested.value ?? '')
      if (value !== undefined) setting.value = value
      facts.settings.push(setting)
    }
    for (const entry of conf.blacklist)
      if (isNestedModule(entry.module) || entry.module === 'kvm')
        facts.blacklisted.push({ module: entry.module, where: `${path}:${entry.line}`, text: entry.text })
  })

  const fromParams = (
    params: ReturnType<typeof parseKernelCmdline>['params'],
    where: string,
    kind: 'cmdline' | 'grub',
  ): void => {
    for (const module of NESTED_MODULES) {
      const param = findParam(params, `${module}.nested`)
      if (param === undefined) continue
      const setting: NestedSetting = { module, where, text: param.raw, kind }
      const value = parseModuleBoolean(param.value ?? '')
      if (value !== undefined) setting.value = value
      facts.settings.push(setting)
    }
  }
  if (cmdline.ok) fromParams(parseKernelCmdline(cmdline.text).params, '/proc/cmdline', 'cmdline')
  if (grub.ok) {
    const defaults = parseGrubDefaults(grub.text)
    const line = defaults.cmdlineLinuxDefault?.line ?? defaults.cmdlineLinux?.line
    fromParams(grubKernelParams(defaults), `/etc/default/grub${line !== undefined ? `:${line}` : ''}`, 'grub')
  }

  const module: NestedModule | undefined =
    vendor === 'intel' ? 'kvm_intel' : vendor === 'amd' ? 'kvm_amd' : undefined
  if (module !== undefined && loadedModules !== undefined && !loadedModules.has(module)) {
    facts.modinfo = { module, outcome: await reader.run('modinfo', [module]) }
  }
  return facts
}

export function judgeNested(facts: NestedFacts, vendorModule: string | undefined): CheckResult {
  const result: CheckResult = {
    id: 'nested',
    title: 'Nested virtualization',
    status: 'unknown',
    summary: '',
    evidence: [],
  }
  const settingEvidence: Evidence[] = facts.settings.map((setting) => ({
    source: setting.where,
    text: setting.text,
  }))
  const blacklistEvidence: Evidence[] = facts.blacklisted.map((entry) => ({
    source: entry.where,
    text: entry.text,
  }))

  if (vendorModule === undefined || !isNestedModule(vendorModule)) {
    for (const module of NESTED_MODULES) {
      const live = facts.live[module]
      result.evidence.push({
        source: `/sys/module/${module}/parameters/nested`,
        text: live.ok ? live.text.trim() : `could not read: ${live.reason}`,
      })
    }
    if (vendorModule !== undefined) {
      result.status = 'info'
      result.summary = `KVM is provided by ${vendorModule}, which has no nested setting: the kvm_intel/kvm_amd nested parameter does not apply here.`
    } else {
      result.summary = 'kvm_intel/kvm_amd is not loaded, so the nested setting cannot be read.'
      if (facts.modinfo !== undefined) {
        result.evidence.push(commandEvidence('modinfo', [facts.modinfo.module], facts.modinfo.outcome, 4))
        const outcome = facts.modinfo.outcome
        const params = outcome.ok && outcome.code === 0 ? parseModinfoParams(outcome.stdout) : []
        if (params.some((param) => param.name === 'nested'))
          result.summary += ` ${facts.modinfo.module} is installed and has a nested parameter.`
      }
    }
    result.evidence.push(...settingEvidence, ...blacklistEvidence)
    return result
  }

  const path = `/sys/module/${vendorModule}/parameters/nested`
  const live = facts.live[vendorModule]
  result.evidence.push(
    live.ok
      ? { source: path, text: live.text.trim() }
      : { source: path, text: `could not read: ${live.reason}` },
    ...settingEvidence,
    ...blacklistEvidence,
  )
  if (!live.ok) {
    result.summary = `Could not read ${path}.`
    return result
  }
  const value = parseModuleBoolean(live.text)
  if (value === undefined) {
    result.summary = `${path} reads "${live.text.trim()}", which is neither Y/1 nor N/0.`
    return result
  }

  const mine = facts.settings.filter((setting) => setting.module === vendorModule)
  const persistent = mine.filter((setting) => setting.kind !== 'grub').at(-1)
  const grub = mine.filter((setting) => setting.kind === 'grub').at(-1)
  const booted = mine.find((setting) => setting.kind === 'cmdline')
  const pendingGrub = grub !== undefined && (booted === undefined || booted.value !== grub.value)
  const liveText = `${vendorModule} nested=${live.text.trim()}`
  if (value) {
    result.status = 'pass'
    result.summary = `Nested virtualization is on (${liveText}): ${persistent !== undefined ? `set in ${persistent.where}` : 'the kernel default'}.`
  } else {
    result.status = persistent?.value === true ? 'warn' : 'info'
    result.summary = `Nested virtualization is off (${liveText}): VMs on this host cannot run their own KVM guests.`
    if (persistent?.value === true)
      result.summary += ` ${persistent.where} turns it on, but the module was loaded without it: reload the module or reboot.`
    result.fix = {
      text: `Turn it on for ${vendorModule} (the "Nested virtualization" panel does this with a preview and undo). Stop all VMs before reloading the module.`,
      commands: [
        `echo 'options ${vendorModule.replace('_', '-')} nested=1' | sudo tee /etc/modprobe.d/nested_virtualization.conf`,
        `sudo modprobe -r ${vendorModule} && sudo modprobe ${vendorModule}`,
        `cat ${path}`,
      ],
    }
  }
  if (pendingGrub)
    result.summary += ` /etc/default/grub sets ${grub.text}, which the running kernel did not boot with (regenerate GRUB's config and reboot).`
  return result
}
