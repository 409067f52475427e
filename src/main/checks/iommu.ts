import type { CheckResult, CpuVendor, Evidence } from '@shared/checks.js'
import type { Distro } from './distro.js'
import { grubUpdateCommand } from './distro.js'
import type { HostReader, ListOutcome, ReadOutcome } from './host-io.js'
import { unreadable } from './host-io.js'
import type { KernelLog } from './kernel-log.js'
import { kernelLogEvidence } from './kernel-log.js'
import { grubKernelParams, parseGrubDefaults } from '../hostconf/grub/read.js'
import type { GrubDefaults } from '../hostconf/grub/read.js'
import { findParam, parseKernelCmdline } from '../hostconf/kernel-cmdline.js'
import type { KernelParam } from '../hostconf/kernel-cmdline.js'

/** Check 4: VT-d / AMD-Vi (the IOMMU, needed for PCI passthrough), and VT-c (informational). */
export interface IommuFacts {
  cmdline: ReadOutcome
  params?: KernelParam[]
  grub: ReadOutcome
  grubParsed?: GrubDefaults
  groups: ListOutcome
  /** Network interfaces with SR-IOV virtual functions (VT-c's most visible part). */
  sriov: { name: string; totalVfs: number }[]
}

const IOMMU_PARAMS = ['intel_iommu', 'amd_iommu', 'iommu', 'iommu.passthrough']
const IOMMU_LOG = /DMAR|IVRS|AMD-Vi|IOMMU/

export async function gatherIommu(reader: HostReader): Promise<IommuFacts> {
  const [cmdline, grub, groups, interfaces] = await Promise.all([
    reader.read('/proc/cmdline'),
    reader.read('/etc/default/grub'),
    reader.list('/sys/kernel/iommu_groups'),
    reader.list('/sys/class/net'),
  ])
  const facts: IommuFacts = { cmdline, grub, groups, sriov: [] }
  if (cmdline.ok) facts.params = parseKernelCmdline(cmdline.text).params
  if (grub.ok) facts.grubParsed = parseGrubDefaults(grub.text)
  if (interfaces.ok) {
    const names = interfaces.names.filter((name) => name !== 'lo')
    const totals = await Promise.all(
      names.map((name) => reader.read(`/sys/class/net/${name}/device/sriov_totalvfs`)),
    )
    names.forEach((name, index) => {
      const total = totals[index]
      const count = total !== undefined && total.ok ? Number(total.text.trim()) : 0
      if (count > 0) facts.sriov.push({ name, totalVfs: count })
    })
  }
  return facts
}

function paramsText(params: readonly KernelParam[]): string {
  const found = IOMMU_PARAMS.map((name) => findParam(params, name)).filter(
    (param): param is KernelParam => param !== undefined,
  )
  return found.length > 0
    ? found.map((param) => param.raw).join(' ')
    : 'no intel_iommu=, amd_iommu= or iommu= parameter'
}

export function judgeIommu(
  facts: IommuFacts,
  log: KernelLog,
  context: { vendor: CpuVendor; underHypervisor?: boolean; distro: Distro },
): CheckResult[] {
  const result: CheckResult = {
    id: 'iommu',
    title: 'IOMMU (Intel VT-d / AMD-Vi) for PCI passthrough',
    status: 'unknown',
    summary: '',
    evidence: [],
  }
  const groupCount = facts.groups.ok
    ? facts.groups.names.filter((name) => /^\d+$/.test(name)).length
    : undefined
  result.evidence.push(
    facts.groups.ok
      ? {
          source: '/sys/kernel/iommu_groups',
          text: `${groupCount ?? 0} IOMMU group${groupCount === 1 ? '' : 's'}`,
        }
      : { source: '/sys/kernel/iommu_groups', text: `could not list: ${facts.groups.reason}` },
  )
  result.evidence.push(
    facts.cmdline.ok
      ? { source: '/proc/cmdline', text: paramsText(facts.params ?? []) }
      : unreadable('/proc/cmdline', facts.cmdline),
  )
  const grubParams = facts.grubParsed !== undefined ? grubKernelParams(facts.grubParsed) : undefined
  if (grubParams !== undefined && facts.grubParsed !== undefined) {
    const lines = [facts.grubParsed.cmdlineLinux, facts.grubParsed.cmdlineLinuxDefault]
      .filter((a) => a !== undefined)
      .map((a) => a.text)
    result.evidence.push({
      source: '/etc/default/grub',
      text: lines.length > 0 ? lines.join('\n') : 'no GRUB_CMDLINE_LINUX lines',
    })
  }
  const logEvidence = kernelLogEvidence(log, IOMMU_LOG)
  if (logEvidence !== undefined) result.evidence.push(logEvidence)
  else if (log.lines !== undefined)
    result.evidence.push({
      source: log.source,
      text: 'no DMAR, IVRS, AMD-Vi or IOMMU lines in the kernel log',
    })
  else if (log.lines === undefined)
    result.evidence.push({
      source: log.source,
      text: `kernel log not readable: ${log.reason ?? 'unknown reason'}`,
    })

  const params = facts.params ?? []
  const off = ['intel_iommu', 'amd_iommu', 'iommu']
    .map((name) => findParam(params, name))
    .find((param) => param?.value === 'off')
  const requested =
    findParam(params, 'intel_iommu')?.value === 'on' || findParam(params, 'amd_iommu')?.value === 'on'
  const passthrough =
    findParam(params, 'iommu')?.value === 'pt' || findParam(params, 'iommu.passthrough')?.value === '1'
  // AMD-Vi is on by default once the firmware enables it (amd_iommu=on is not even a documented value).
  const paramsToAdd = context.vendor === 'amd' ? 'iommu=pt' : 'intel_iommu=on iommu=pt'
  const inGrub =
    grubParams !== undefined &&
    (findParam(grubParams, 'intel_iommu')?.value === 'on' ||
      findParam(grubParams, 'amd_iommu')?.value === 'on')
  const enableFix = {
    text: `Enable ${context.vendor === 'amd' ? 'AMD-Vi/IOMMU' : 'VT-d'} in the firmware setup, add ${paramsToAdd} to GRUB_CMDLINE_LINUX_DEFAULT in /etc/default/grub, regenerate GRUB's configuration and reboot. Only needed for PCI passthrough.`,
    commands: [grubUpdateCommand(context.distro), 'sudo reboot'],
  }
  const firmware = context.vendor === 'amd' ? 'AMD-Vi (IOMMU)' : 'VT-d'

  if (groupCount === undefined) {
    result.summary = 'Could not list /sys/kernel/iommu_groups.'
  } else if (groupCount > 0) {
    result.status = 'pass'
    result.summary = `IOMMU enabled: ${groupCount} IOMMU group${groupCount === 1 ? '' : 's'}${passthrough ? ', passthrough mode (iommu=pt)' : ''}.`
  } else if (context.underHypervisor === true) {
    result.status = 'info'
    result.summary =
      'No IOMMU groups: this virtual machine has no (virtual) IOMMU, so PCI passthrough from it is not possible. Not needed for ordinary VMs.'
  } else if (off !== undefined) {
    result.status = 'warn'
    result.summary = `IOMMU switched off on the kernel command line (${off.raw}). Needed only for PCI passthrough.`
    result.fix = enableFix
  } else if (requested) {
    result.status = 'warn'
    result.summary = `The kernel was asked to use the IOMMU (${paramsText(params)}) but created no IOMMU groups: ${firmware} is off in the firmware setup, or the platform lacks it.`
    result.fix = {
      text: `Enable ${firmware} in the firmware (BIOS/UEFI) setup and reboot.`,
      commands: ['systemctl reboot --firmware-setup'],
    }
  } else {
    result.status = 'warn'
    result.summary = `IOMMU not enabled: no IOMMU groups${inGrub ? " (/etc/default/grub asks for it, but the running kernel was not booted with it: regenerate GRUB's config and reboot)" : ''}. Needed only for PCI passthrough.`
    result.fix = enableFix
  }

  const vtc: CheckResult = {
    id: 'vt-c',
    title: 'VT-c / SR-IOV network virtualization (informational)',
    status: 'info',
    summary:
      facts.sriov.length > 0
        ? `SR-IOV capable network interfaces: ${facts.sriov.map((nic) => `${nic.name} (${nic.totalVfs} virtual functions)`).join(', ')}.`
        : 'No SR-IOV capable network interface found. VT-c (SR-IOV, VMDq) only matters for giving VMs a slice of a physical NIC.',
    evidence: facts.sriov.map((nic): Evidence => ({
      source: `/sys/class/net/${nic.name}/device/sriov_totalvfs`,
      text: String(nic.totalVfs),
    })),
  }
  return [result, vtc]
}
