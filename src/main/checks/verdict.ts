import type { CpuSummary, Evidence, SignalDisagreement, Verdict } from '@shared/checks.js'
import { flagName } from './cpu.js'
import type { DeviceState } from './kvm.js'
import type { ProbeOutcome } from './kvm-probe.js'
import { kvmUsable } from './kvm-probe.js'
import type { VhvLine } from './parsers/virt-host-validate.js'

export interface VerdictInput {
  cpu: CpuSummary
  probes: readonly ProbeOutcome[]
  device: DeviceState
  user?: string
  vendorModule?: string
  /** The live nested setting of kvm_intel/kvm_amd. */
  nested?: boolean
  /** lscpu ran and was parsed (so a missing "Virtualization:" line means something). */
  lscpuParsed: boolean
  vhvHardware?: VhvLine
  firmwareDisabledLog?: Evidence
  /** dnsmasq is known to be missing: libvirt's NAT/routed/isolated networks cannot start. */
  dnsmasqMissing?: boolean
}

interface Signal {
  label: string
  /** true: says KVM / hardware virtualization is there; false: says it is not. */
  claim: boolean
}

const PROBE_NAME: Record<ProbeOutcome['probe'], string> = {
  qemu: 'KVM probe (QEMU -accel kvm)',
  libvirt: 'libvirt domcapabilities --virttype kvm',
}

function signals(input: VerdictInput): Signal[] {
  const list: Signal[] = []
  const flag = flagName(input.cpu.vendor)
  if (input.cpu.hardwareVirtualizationFlag !== undefined)
    list.push({
      label: input.cpu.hardwareVirtualizationFlag
        ? `CPU flags: ${flag} present`
        : `CPU flags (/proc/cpuinfo): no ${flag}`,
      claim: input.cpu.hardwareVirtualizationFlag,
    })
  if (input.lscpuParsed)
    list.push(
      input.cpu.lscpuVirtualization !== undefined
        ? { label: `lscpu: Virtualization: ${input.cpu.lscpuVirtualization}`, claim: true }
        : { label: 'lscpu: no "Virtualization:" line', claim: false },
    )
  const vhv = input.vhvHardware
  if (vhv?.status !== undefined)
    list.push({
      label: `virt-host-validate: hardware virtualization ${vhv.status}${vhv.note !== undefined ? ` (${vhv.note})` : ''}`,
      claim: vhv.status === 'PASS',
    })
  if (input.firmwareDisabledLog !== undefined)
    list.push({ label: `kernel log: ${input.firmwareDisabledLog.text.split('\n')[0] ?? ''}`, claim: false })
  if (input.device === 'opened') list.push({ label: '/dev/kvm: present, opens read-write', claim: true })
  if (input.device === 'missing') list.push({ label: '/dev/kvm: missing', claim: false })
  for (const probe of input.probes)
    if (probe.state !== 'unavailable')
      list.push({ label: `${PROBE_NAME[probe.probe]}: ${probe.detail}`, claim: probe.state === 'works' })
  return list
}

function disagreement(input: VerdictInput, usable: boolean | undefined): SignalDisagreement | undefined {
  const list = signals(input)
  if (!list.some((signal) => signal.claim) || !list.some((signal) => !signal.claim)) return undefined
  const flag = flagName(input.cpu.vendor)
  const working = input.probes.filter((probe) => probe.state === 'works')
  const failing = input.probes.filter((probe) => probe.state === 'fails')
  if (usable === true) {
    const hidden = input.cpu.hardwareVirtualizationFlag === false
    const reasons = [
      `Trying KVM is the real test, and ${working.map((probe) => PROBE_NAME[probe.probe]).join(' and ')} succeeded.`,
    ]
    if (hidden && input.cpu.underHypervisor === true)
      reasons.push(
        `The CPU flags only show what the outer hypervisor (${input.cpu.hypervisorVendor ?? 'unknown'}) advertises to this guest, and it hides ${flag}.`,
      )
    else if (hidden) reasons.push(`The CPU flags do not show ${flag}, yet KVM runs.`)
    if (input.vendorModule === 'kvm_pvm')
      reasons.push('KVM here is provided by kvm_pvm (PVM), which runs guests without VT-x/AMD-V.')
    if (input.vhvHardware !== undefined && input.vhvHardware.status !== 'PASS')
      reasons.push('virt-host-validate decides from those flags alone, so its verdict is a false alarm here.')
    if (failing.length > 0)
      reasons.push(
        `${failing.map((probe) => PROBE_NAME[probe.probe]).join(' and ')} failing points at that tool's own setup, not at KVM.`,
      )
    return {
      signals: list.map((signal) => signal.label),
      trusted: working.map((probe) => PROBE_NAME[probe.probe]).join(' + '),
      why: reasons.join(' '),
    }
  }
  if (usable === false) {
    return {
      signals: list.map((signal) => signal.label),
      trusted: failing.map((probe) => PROBE_NAME[probe.probe]).join(' + '),
      why: `A flag or a device node says what could work; creating a KVM VM is what proves it, and that failed: ${failing.map((probe) => probe.detail).join('; ')}.`,
    }
  }
  return {
    signals: list.map((signal) => signal.label),
    trusted: input.device === 'opened' ? '/dev/kvm: present, opens read-write' : 'none: no probe could run',
    why: 'No probe could create a KVM VM (QEMU and libvirt were unavailable), so the device node is the best remaining sign.',
  }
}

function noHardwareReason(input: VerdictInput): string {
  const flag = flagName(input.cpu.vendor)
  if (input.cpu.underHypervisor === true)
    return `nested virtualization is off on the outer hypervisor (${input.cpu.hypervisorVendor ?? 'unknown'})`
  if (input.firmwareDisabledLog !== undefined) return `${flag} is disabled in the firmware setup`
  if (input.cpu.underHypervisor === false) return `${flag} is off in the firmware setup, or this CPU lacks it`
  return `${flag} is not available`
}

export function decideVerdict(input: VerdictInput): Verdict {
  const usable = kvmUsable(input.probes)
  const flag = flagName(input.cpu.vendor)
  const works = input.probes.filter((probe) => probe.state === 'works')
  const fails = input.probes.filter((probe) => probe.state === 'fails')
  const libvirt = input.probes.find((probe) => probe.probe === 'libvirt')
  const explanation: string[] = []
  let level: Verdict['level']
  let headline: string

  if (usable === true) {
    explanation.push(`KVM is usable: ${works.map((probe) => probe.detail).join('; ')}.`)
    if (input.cpu.hardwareVirtualizationFlag === false) {
      explanation.push(
        input.cpu.underHypervisor === true
          ? `This machine is itself a virtual machine (${input.cpu.hypervisorVendor ?? 'unknown hypervisor'}); the outer hypervisor hides ${flag} from its CPU flags, so the CPU flag is hidden by the outer hypervisor, not missing.`
          : `The CPU flags do not show ${flag}, yet KVM runs.`,
      )
      if (input.vendorModule === 'kvm_pvm')
        explanation.push('KVM is provided by kvm_pvm (PVM), which runs guests without VT-x/AMD-V.')
    }
    if (input.vhvHardware !== undefined && input.vhvHardware.status !== 'PASS')
      explanation.push(
        `virt-host-validate's "hardware virtualization: ${input.vhvHardware.status}" is a false alarm here: it only reads the CPU flags.`,
      )
    if (libvirt?.state === 'fails') {
      level = 'degraded'
      headline = 'KVM works, but libvirt cannot use it'
      explanation.push(`${libvirt.detail}. See the KVM probe check for the fix.`)
    } else {
      level = 'ready'
      headline = input.nested === false ? 'KVM works, nested off' : 'Ready for KVM'
      if (input.nested === false)
        explanation.push(
          'Nested virtualization is off: VMs here cannot run their own KVM guests (see the Nested virtualization check).',
        )
      else if (input.nested === true) explanation.push('Nested virtualization is on.')
      if (libvirt?.state === 'unavailable') explanation.push(`${libvirt.detail}.`)
      if (input.dnsmasqMissing === true) {
        level = 'degraded'
        headline = 'KVM works, but virtual networks cannot start: dnsmasq is missing'
        explanation.push(
          'libvirt needs dnsmasq for NAT, routed and isolated networks (such as “default”): install it (see the dnsmasq check).',
        )
      }
    }
  } else if (usable === false || input.device === 'missing') {
    if (input.cpu.hardwareVirtualizationFlag === false || input.firmwareDisabledLog !== undefined) {
      level = 'unusable'
      headline = `No hardware virtualization: ${noHardwareReason(input)}`
      const slow = 'Until then VMs run emulated (TCG), many times slower.'
      explanation.push(
        input.cpu.underHypervisor === true
          ? `This machine is a virtual machine (${input.cpu.hypervisorVendor ?? 'unknown hypervisor'}) and its CPU shows no ${flag}: the outer hypervisor does not pass hardware virtualization through. ${slow}`
          : input.firmwareDisabledLog !== undefined && input.cpu.hardwareVirtualizationFlag === true
            ? `The kernel log says ${flag} is disabled by the firmware, although the CPU flag still shows (older kernels keep it). Enable it in the firmware (BIOS/UEFI) setup. ${slow}`
            : `This is bare metal and the CPU shows no ${flag}. Enable it in the firmware (BIOS/UEFI) setup; both the motherboard and the CPU must support it. ${slow}`,
      )
    } else if (input.device === 'denied') {
      level = 'degraded'
      headline = `KVM present, but not accessible to ${input.user ?? 'this user'}`
      explanation.push(
        `/dev/kvm exists but ${input.user ?? 'this user'} cannot open it. Join the kvm group (see the /dev/kvm check).`,
      )
    } else if (input.device === 'missing') {
      level = 'unusable'
      headline = `KVM not available: /dev/kvm is missing`
      explanation.push(
        `The CPU shows ${flag}, but /dev/kvm does not exist: the KVM modules are not loaded${input.vendorModule === undefined ? '' : ` (only ${input.vendorModule} is)`}. See the KVM modules check.`,
      )
    } else {
      level = 'unusable'
      headline = 'KVM not usable'
      explanation.push(`${fails.map((probe) => probe.detail).join('; ')}.`)
    }
    if (fails.length > 0 && !explanation.some((text) => text.includes(fails[0]?.detail ?? '\0')))
      explanation.push(`Probe: ${fails.map((probe) => probe.detail).join('; ')}.`)
  } else if (input.device === 'opened') {
    level = 'degraded'
    headline = 'KVM device ready, not tested'
    explanation.push(
      `/dev/kvm opens read-write, but KVM could not be tried: ${input.probes.map((probe) => probe.detail).join('; ')}. Install QEMU and libvirt, then run the checks again.`,
    )
  } else {
    level = 'degraded'
    headline = 'Could not tell whether KVM works'
    explanation.push(
      `No probe could run (${input.probes.map((probe) => probe.detail).join('; ')}) and /dev/kvm could not be examined.`,
    )
  }

  const verdict: Verdict = { level, headline, explanation: explanation.join(' ') }
  const disagree = disagreement(input, usable)
  if (disagree !== undefined) verdict.signalsDisagree = disagree
  return verdict
}
