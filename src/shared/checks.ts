import { z } from 'zod'
/**
 * Host checks ("doctor"): the report shown in the Hardware panel, printed by `virtdeck doctor` and
 * exported as Markdown or JSON. Types only: main builds these, the renderer and CLI show them.
 */

export const CHECK_STATUSES = ['pass', 'warn', 'fail', 'unknown', 'info'] as const
export type CheckStatus = (typeof CHECK_STATUSES)[number]

/** What a check read: a line of /proc/cpuinfo, a sysfs value, a command's output, or why it could not be read. */
export interface Evidence {
  /** Where it came from: a path (`/proc/cpuinfo`) or a command line (`$ lscpu`). */
  source: string
  text: string
}

export interface CheckFix {
  /** What to do, in the user's words. */
  text: string
  /** The exact commands, when there are any. Shown, never run by the doctor. */
  commands?: string[]
}

export interface CheckResult {
  /** Stable id, e.g. `cpu-virtualization`, `kvm-probe`, `virt-host-validate:qemu:hardware-virtualization`. */
  id: string
  title: string
  status: CheckStatus
  summary: string
  evidence: Evidence[]
  fix?: CheckFix
}

export const VERDICT_LEVELS = ['ready', 'degraded', 'unusable'] as const
export type VerdictLevel = (typeof VERDICT_LEVELS)[number]

/** Signals that contradict each other, and which one the verdict believes. */
export interface SignalDisagreement {
  /** Each signal with what it claims, e.g. `virt-host-validate: hardware virtualization FAIL`. */
  signals: string[]
  /** The signal the verdict trusts. */
  trusted: string
  why: string
}

export interface Verdict {
  level: VerdictLevel
  /** "Ready for KVM", "KVM works, nested off", "No hardware virtualization: …". */
  headline: string
  explanation: string
  signalsDisagree?: SignalDisagreement
}

export type CpuVendor = 'intel' | 'amd' | 'other' | 'unknown'

export interface CpuSummary {
  vendor: CpuVendor
  /** As the kernel reports it: `GenuineIntel`, `AuthenticAMD`. */
  vendorId?: string
  model?: string
  /** `vmx` (Intel VT-x) or `svm` (AMD-V) is in the CPU flags; undefined when the flags could not be read. */
  hardwareVirtualizationFlag?: boolean
  /** lscpu's "Virtualization:" line (`VT-x`, `AMD-V`), when present. */
  lscpuVirtualization?: string
  /** The machine is itself a virtual machine (hypervisor flag, lscpu, systemd-detect-virt). */
  underHypervisor?: boolean
  /** The outer hypervisor, as named by lscpu or systemd-detect-virt (`KVM`, `Microsoft`, `kvm`). */
  hypervisorVendor?: string
}

/** The outcome of actually trying KVM (libvirt's domain capabilities, a short QEMU run). */
export interface KvmSummary {
  /** true: a probe created a KVM VM; false: probes ran and all failed; undefined: no probe could run. */
  usable?: boolean
  /** Which probe proved it (or the last failure), in the user's words. */
  provenBy?: string
  /** The kernel module providing KVM: `kvm_intel`, `kvm_amd`, `kvm_pvm`, … */
  vendorModule?: string
  /** The live nested setting of that module, when it has one. */
  nested?: boolean
}

export interface DoctorReport {
  hostId: string
  /** ISO 8601. */
  generatedAt: string
  durationMs: number
  verdict: Verdict
  cpu: CpuSummary
  kvm: KvmSummary
  checks: CheckResult[]
}

/** What checks.run returns. */
export interface DoctorRun {
  report: DoctorReport
  /** The report as Markdown and as JSON, ready to export or print. */
  markdown: string
  json: string
}

/** Input of channels that take one host. */
export const checksHostInput = z.object({ hostId: z.string().min(1).max(64) }).strict()
