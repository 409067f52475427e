import type { CheckResult, CpuSummary, CpuVendor, Evidence } from '@shared/checks.js'
import type { HostReader, ReadOutcome, RunOutcome } from './host-io.js'
import { commandEvidence, commandLine, unreadable } from './host-io.js'
import { parseCpuinfo } from './parsers/cpuinfo.js'
import type { CpuinfoFacts } from './parsers/cpuinfo.js'
import { lscpuLines, parseLscpu } from './parsers/lscpu.js'
import type { LscpuFacts } from './parsers/lscpu.js'

/** Checks 1–3: the CPU, its VT-x/AMD-V flag, and whether the host is itself a virtual machine. */
export interface CpuFacts {
  cpuinfo: ReadOutcome
  cpuinfoParsed?: CpuinfoFacts
  lscpu: RunOutcome
  lscpuParsed?: LscpuFacts
  /** `systemd-detect-virt --vm`: `kvm`, `microsoft`, `none`, … */
  detectVm: RunOutcome
  /** `systemd-detect-virt --container`: `docker`, `lxc`, `none`, … */
  detectContainer: RunOutcome
  flags?: string[]
  summary: CpuSummary
}

/** What the KVM probe found, for checks whose meaning depends on it. */
export interface KvmContext {
  /** true when a probe created a KVM VM, false when probes ran and failed, undefined when none could run. */
  usable?: boolean
  /** The module providing KVM (`kvm_intel`, `kvm_amd`, `kvm_pvm`). */
  vendorModule?: string
  /** Kernel log lines saying VT-x/AMD-V is disabled by the firmware. */
  firmwareDisabledLog?: Evidence
}

function vendorOf(vendorId: string | undefined, flags: readonly string[] | undefined): CpuVendor {
  if (vendorId === 'GenuineIntel') return 'intel'
  if (vendorId === 'AuthenticAMD' || vendorId === 'HygonGenuine') return 'amd'
  if (vendorId !== undefined && vendorId !== '') return 'other'
  // A pasted `grep flags` line has no vendor_id: the virtualization flag still tells the family.
  if (flags?.includes('vmx') === true) return 'intel'
  if (flags?.includes('svm') === true) return 'amd'
  return 'unknown'
}

function detected(outcome: RunOutcome): string | undefined {
  if (!outcome.ok) return undefined
  const value = outcome.stdout.trim()
  return value === '' ? undefined : value
}

export async function gatherCpu(reader: HostReader): Promise<CpuFacts> {
  const [cpuinfo, lscpu, detectVm, detectContainer] = await Promise.all([
    reader.read('/proc/cpuinfo'),
    reader.run('lscpu', []),
    reader.run('systemd-detect-virt', ['--vm']),
    reader.run('systemd-detect-virt', ['--container']),
  ])
  const facts: CpuFacts = { cpuinfo, lscpu, detectVm, detectContainer, summary: { vendor: 'unknown' } }
  if (cpuinfo.ok) facts.cpuinfoParsed = parseCpuinfo(cpuinfo.text)
  if (lscpu.ok && lscpu.code === 0) facts.lscpuParsed = parseLscpu(lscpu.stdout)
  const info = facts.cpuinfoParsed
  const ls = facts.lscpuParsed
  const flags = info?.flags ?? ls?.flags
  if (flags !== undefined) facts.flags = flags
  const vendorId = info?.vendorId ?? ls?.vendorId
  const summary: CpuSummary = { vendor: vendorOf(vendorId, flags) }
  if (vendorId !== undefined) summary.vendorId = vendorId
  const model = info?.modelName ?? ls?.modelName
  if (model !== undefined) summary.model = model
  if (flags !== undefined) summary.hardwareVirtualizationFlag = flags.includes('vmx') || flags.includes('svm')
  if (ls?.virtualization !== undefined) summary.lscpuVirtualization = ls.virtualization
  const vm = detected(detectVm)
  const signals = [
    flags === undefined ? undefined : flags.includes('hypervisor'),
    ls === undefined ? undefined : ls.hypervisorVendor !== undefined,
    vm === undefined ? undefined : vm !== 'none',
  ].filter((signal): signal is boolean => signal !== undefined)
  if (signals.length > 0) summary.underHypervisor = signals.some((signal) => signal)
  const hypervisorVendor = ls?.hypervisorVendor ?? (vm !== undefined && vm !== 'none' ? vm : undefined)
  if (hypervisorVendor !== undefined) summary.hypervisorVendor = hypervisorVendor
  facts.summary = summary
  return facts
}

/** `Intel VT-x (vmx)`, `AMD-V (svm)`: the flag this CPU would show, in the user's words. */
export function flagName(vendor: CpuVendor): string {
  if (vendor === 'intel') return 'Intel VT-x (vmx)'
  if (vendor === 'amd') return 'AMD-V (svm)'
  return 'VT-x/AMD-V (vmx/svm)'
}

function cpuEvidence(facts: CpuFacts): Evidence[] {
  const evidence: Evidence[] = []
  const info = facts.cpuinfoParsed
  if (!facts.cpuinfo.ok) evidence.push(unreadable('/proc/cpuinfo', facts.cpuinfo))
  else if (info !== undefined) {
    const lines = [info.lines.vendorId, info.lines.modelName, info.lines.flags].filter(
      (line): line is string => line !== undefined,
    )
    const flags = info.flags ?? []
    const notable = ['vmx', 'svm', 'hypervisor']
      .map((flag) => `${flag}: ${flags.includes(flag) ? 'present' : 'absent'}`)
      .join(', ')
    evidence.push({
      source: '/proc/cpuinfo (first processor)',
      text: lines.length > 0 ? `${lines.join('\n')}\n→ ${notable}` : 'no vendor_id, model name or flags line',
    })
  }
  const ls = facts.lscpuParsed
  if (ls === undefined) evidence.push(commandEvidence('lscpu', [], facts.lscpu, 5))
  else {
    const lines = lscpuLines(ls, [
      'Vendor ID',
      'Model name',
      'Virtualization',
      'Hypervisor vendor',
      'Virtualization type',
    ])
    const itlb = ls.entries.find((entry) => /itlb multihit/i.test(entry.key))
    const shown = [...lines, ...(itlb !== undefined && /VMX unsupported/i.test(itlb.value) ? itlb.lines : [])]
    evidence.push({
      source: commandLine('lscpu', []),
      text: `${shown.join('\n')}${ls.virtualization === undefined ? '\n(no "Virtualization:" line)' : ''}`,
    })
  }
  return evidence
}

function detectEvidence(facts: CpuFacts): Evidence[] {
  const evidence = [commandEvidence('systemd-detect-virt', ['--vm'], facts.detectVm, 3)]
  const container = detected(facts.detectContainer)
  if (container !== undefined && container !== 'none')
    evidence.push(commandEvidence('systemd-detect-virt', ['--container'], facts.detectContainer, 3))
  return evidence
}

/** How to expose VT-x/AMD-V to this VM, for the outer hypervisor it runs under. */
export function outerNestedFix(
  hypervisorVendor: string | undefined,
  vendor: CpuVendor,
): { text: string; commands?: string[] } {
  const name = (hypervisorVendor ?? '').toLowerCase()
  const module = vendor === 'amd' ? 'kvm_amd' : 'kvm_intel'
  if (name === 'microsoft' || name === 'hyperv' || name === 'microsoft hyper-v')
    return {
      text: 'On the Hyper-V host, with this VM shut down, expose the virtualization extensions to it (PowerShell as administrator). On Azure, pick a VM size that supports nested virtualization.',
      commands: ['Set-VMProcessor -VMName <this VM> -ExposeVirtualizationExtensions $true'],
    }
  if (name === 'vmware')
    return {
      text: 'In the VM\'s processor settings on the VMware host, enable "Virtualize Intel VT-x/EPT or AMD-V/RVI" (vhv.enable = "TRUE"), with the VM powered off.',
    }
  if (name === 'oracle')
    return {
      text: 'On the VirtualBox host, with this VM powered off, enable nested VT-x/AMD-V.',
      commands: ['VBoxManage modifyvm <this VM> --nested-hw-virt on'],
    }
  if (name === 'xen')
    return {
      text: "On the Xen host, set nestedhvm=1 (and hap=1) in this guest's xl configuration and restart it. Cloud Xen instances do not offer it: use a bare-metal instance.",
    }
  return {
    text: `On the outer host, turn on nested virtualization (${module} nested=1) and give this VM the host's CPU model (libvirt: <cpu mode='host-passthrough'/>), then restart this VM. On a cloud VM, choose an instance type that offers nested virtualization, or a bare-metal instance.`,
    commands: [`cat /sys/module/${module}/parameters/nested   # on the outer host: Y or 1 means on`],
  }
}

export function judgeCpu(facts: CpuFacts, kvm: KvmContext): CheckResult[] {
  const { summary } = facts
  const flag = flagName(summary.vendor)
  const cpuName = summary.model ?? summary.vendorId ?? 'This CPU'
  const hidden = summary.hardwareVirtualizationFlag === false
  const outer = summary.hypervisorVendor ?? 'a hypervisor'
  const providedBy = kvm.vendorModule !== undefined ? `; KVM is provided here by ${kvm.vendorModule}` : ''

  const cpu: CheckResult = {
    id: 'cpu-virtualization',
    title: 'CPU and hardware virtualization',
    status: 'unknown',
    summary: '',
    evidence: cpuEvidence(facts),
  }
  if (summary.hardwareVirtualizationFlag === undefined) {
    cpu.summary = 'Could not read the CPU flags: tried /proc/cpuinfo and lscpu.'
  } else if (!hidden) {
    cpu.status = 'pass'
    cpu.summary = `${cpuName}: ${flag} is present${summary.lscpuVirtualization !== undefined ? ` (lscpu: Virtualization ${summary.lscpuVirtualization})` : ''}.`
  } else if (kvm.usable === true) {
    cpu.status = 'info'
    cpu.summary = `${cpuName}: no ${flag} flag, yet KVM works (see the KVM probe)${summary.underHypervisor === true ? `: the flag is hidden by the outer hypervisor (${outer})` : ''}${providedBy}.`
  } else {
    cpu.status = 'fail'
    cpu.summary = `${cpuName}: no ${flag} flag, so KVM cannot use hardware virtualization.`
  }

  const hypervisor: CheckResult = {
    id: 'hypervisor',
    title: 'Running under a hypervisor',
    status: 'unknown',
    summary: '',
    evidence: [],
  }
  const flagEvidence =
    facts.flags === undefined
      ? []
      : [
          {
            source: 'CPU flags',
            text: `hypervisor flag: ${facts.flags.includes('hypervisor') ? 'present' : 'absent'}`,
          },
        ]
  const lsEvidence =
    facts.lscpuParsed === undefined
      ? []
      : [
          {
            source: commandLine('lscpu', []),
            text:
              lscpuLines(facts.lscpuParsed, ['Hypervisor vendor', 'Virtualization type']).join('\n') ||
              '(no "Hypervisor vendor:" line)',
          },
        ]
  hypervisor.evidence = [...flagEvidence, ...lsEvidence, ...detectEvidence(facts)]
  if (summary.underHypervisor === undefined) {
    hypervisor.summary = 'Could not tell: the CPU flags, lscpu and systemd-detect-virt were all unavailable.'
  } else if (!summary.underHypervisor) {
    hypervisor.status = 'info'
    hypervisor.summary = 'Bare metal: no hypervisor flag, and no hypervisor vendor reported.'
  } else if (!hidden) {
    hypervisor.status = summary.hardwareVirtualizationFlag === true ? 'pass' : 'info'
    hypervisor.summary = `This is a virtual machine under ${outer}${summary.hardwareVirtualizationFlag === true ? `, with nested virtualization exposed (${flag})` : ''}.`
  } else if (kvm.usable === true) {
    hypervisor.status = 'info'
    hypervisor.summary = `This is a virtual machine under ${outer}. The outer hypervisor hides ${flag} from this guest, yet KVM works here${providedBy}.`
  } else {
    hypervisor.status = 'fail'
    hypervisor.summary = `This is a virtual machine under ${outer}, and ${flag} is missing: nested virtualization is off on the outer hypervisor (your CPU may well have it).`
    hypervisor.fix = outerNestedFix(summary.hypervisorVendor, summary.vendor)
  }

  const firmware: CheckResult = {
    id: 'firmware-virtualization',
    title: 'Virtualization enabled in the firmware',
    status: 'unknown',
    summary: '',
    evidence: [],
  }
  const setting =
    summary.vendor === 'amd'
      ? 'SVM Mode / AMD-V'
      : summary.vendor === 'intel'
        ? 'Intel Virtualization Technology / VT-x'
        : 'VT-x or AMD-V (SVM)'
  const firmwareFix = {
    text: `Reboot into the firmware (BIOS/UEFI) setup — usually Del or F2 at power-on, or the command below — enable "${setting}", save and boot. Both the motherboard and the CPU must support it; if the setting is missing, check the CPU's specifications.`,
    commands: ['systemctl reboot --firmware-setup'],
  }
  if (kvm.firmwareDisabledLog !== undefined) firmware.evidence.push(kvm.firmwareDisabledLog)
  if (summary.underHypervisor === true) {
    firmware.status = 'info'
    firmware.summary =
      'Not applicable: this is a virtual machine, so the outer hypervisor decides what the CPU shows.'
  } else if (kvm.firmwareDisabledLog !== undefined && kvm.usable !== true) {
    firmware.status = 'fail'
    firmware.summary = `The kernel reports ${flag} disabled by the firmware.`
    firmware.fix = firmwareFix
  } else if (summary.hardwareVirtualizationFlag === undefined || summary.underHypervisor === undefined) {
    firmware.summary = 'Could not tell: the CPU flags could not be read.'
  } else if (!hidden) {
    firmware.status = 'pass'
    firmware.summary = `${flag} is enabled in the firmware (the kernel shows the flag).`
  } else if (kvm.usable === true) {
    firmware.status = 'info'
    firmware.summary = `No ${flag} flag on bare metal, yet KVM works${providedBy}.`
  } else {
    firmware.status = 'fail'
    firmware.summary = `Bare metal without ${flag}: it is switched off in the firmware setup, or this CPU does not have it.`
    firmware.fix = firmwareFix
  }
  if (firmware.evidence.length === 0)
    firmware.evidence.push(...(summary.underHypervisor === true ? flagEvidence : cpu.evidence.slice(0, 1)))
  return [cpu, hypervisor, firmware]
}
