import { z } from 'zod'

/**
 * The VM tuning advisor: what each rule found on a VM (verdict, evidence, explanation with its
 * source, the fix and its risk), the score per VM and host-wide, and previews of a chosen set of
 * fixes as one edited definition (XML diff and QEMU command-line difference).
 */

export const TUNING_VERDICTS = ['ok', 'improve', 'risky', 'not-applicable'] as const
export type TuningVerdict = (typeof TUNING_VERDICTS)[number]

export const TUNING_AREAS = [
  'cpu',
  'disk',
  'image',
  'network',
  'memory',
  'pinning',
  'windows',
  'machine',
  'pci',
] as const
export type TuningArea = (typeof TUNING_AREAS)[number]

export interface TuningFix {
  /** What the fix does, in one line. */
  summary: string
  /** An edit of the domain XML (applied with other fixes as one definition), or a job on the host. */
  kind: 'xml' | 'job'
  /** Takes effect once the VM is shut down and started again (not a reboot from inside). */
  nextBoot: boolean
  /** For a job: what it works on (the disk images a conversion rewrites). */
  targets?: string[]
}

export interface TuningFinding {
  /** Rule id, e.g. `disk-bus`; what `fixes` and `--apply` name. */
  rule: string
  area: TuningArea
  title: string
  verdict: TuningVerdict
  /** What was read to decide, e.g. "disk vda: bus ide (domain XML)". */
  evidence: string[]
  /** Why it matters, in plain words. */
  explanation: string
  /** Where the advice comes from (a documentation page). */
  source: string
  /** Present when the rule can fix what it found. */
  fix?: TuningFix
  /** What can go wrong with the fix, or why there is none. */
  risk: string
  /** How much this finding costs the score (0 for ok and not applicable). */
  penalty: number
}

export interface TuningReport {
  hostId: string
  vm: string
  uuid: string
  running: boolean
  /** 100 = nothing to improve. */
  score: number
  /** Worst first: risky, then improve (by penalty), then ok, then not applicable. */
  findings: TuningFinding[]
}

export interface HostTuningReport {
  hostId: string
  /** Every VM, lowest score first. */
  vms: { vm: string; uuid: string; score: number; improve: number; risky: number }[]
  /** Every finding that is not ok, worst first. */
  worst: { vm: string; finding: TuningFinding }[]
  /** VMs whose report failed, with why. */
  failed: { vm: string; error: string }[]
}

export interface QemuLineDiff {
  /** Whether `virsh domxml-to-native qemu-argv` ran on both definitions. */
  available: boolean
  /** Why not, when it did not. */
  reason?: string
  /** Arguments only in the before line (e.g. `-cpu qemu64`). */
  removed: string[]
  /** Arguments only in the after line (e.g. `-cpu host,migratable=on`). */
  added: string[]
}

export interface TuningPreview {
  hostId: string
  vm: string
  /** Rules whose fix changed the definition. */
  applied: string[]
  /** Rules asked for that had nothing to change or no XML fix, with why. */
  skipped: { rule: string; reason: string }[]
  notes: string[]
  xml: string
  diff: string
  changed: boolean
  /** libvirt accepts the new definition (validated on a throw-away test:///default). */
  valid: boolean
  problems: string[]
  qemuLine: QemuLineDiff
  takesEffectAtNextBoot: boolean
  /** Apply it with tuning.apply (kept in main 15 minutes); absent when there is nothing libvirt accepts to apply. */
  planId?: string
}

/** qemu-img bench on scratch images beside a VM's disk, without and with metadata preallocation. */
export interface PreallocationMeasurement {
  vm: string
  folder: string
  bytes: number
  withoutSeconds: number
  withSeconds: number
  /** withoutSeconds / withSeconds. */
  ratio: number
  commands: string[][]
  /** The same writes on a raw scratch image under each cache/io setting the disk rules talk about. */
  diskSettings: { setting: string; seconds: number; mibPerSecond: number }[]
}

const hostId = z.string().min(1).max(200)
const vmName = z.string().min(1).max(1000)
const ruleId = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,40}$/)
  .max(41)

export const tuningReportInput = z.object({ hostId, vm: vmName }).strict()
export const tuningHostInput = z.object({ hostId }).strict()
export const tuningPreviewInput = z
  .object({ hostId, vm: vmName, rules: z.array(ruleId).min(1).max(50) })
  .strict()

export const tuningApplyInput = z.object({ hostId, planId: z.string().min(1).max(64) }).strict()

export const tuningConvertInput = z
  .object({ hostId, vm: vmName, image: z.string().min(2).max(4096).startsWith('/', 'Give an absolute path') })
  .strict()
