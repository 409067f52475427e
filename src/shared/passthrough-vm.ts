import { z } from 'zod'
import { vmPassthroughOptionsSchema } from './passthrough.js'
import type { QemuLineDiff } from './tuning.js'

/**
 * A VM configured for GPU passthrough as ONE change of the change engine: the domain-XML edit (every
 * function of the card, Code 43, Looking Glass, evdev, the tuning advisor's related fixes) and, with
 * Looking Glass, the tmpfiles.d file the shared memory needs — previewed with the XML diff and the
 * QEMU command line, applied, undone from the Changes page.
 */

const hostId = z.string().min(1).max(64)

/** The tuning advisor's fixes that belong with passthrough, offered in the same change. */
export const PASSTHROUGH_TUNING_RULES = ['cpu-mode', 'cpu-pinning', 'memory-hugepages'] as const
export type PassthroughTuningRule = (typeof PASSTHROUGH_TUNING_RULES)[number]

export const passthroughVmPlanInput = z
  .object({
    hostId,
    vm: z.string().min(1).max(1000),
    options: vmPassthroughOptionsSchema,
    tuning: z.array(z.enum(PASSTHROUGH_TUNING_RULES)).max(3).default([]),
    /** Who runs the Looking Glass client (owner of /dev/shm/looking-glass); the host's login user when absent. */
    lookingGlassUser: z
      .string()
      .regex(/^[a-z_][a-z0-9_-]{0,31}$/i, 'a login name: letters, digits, _ and -')
      .optional(),
  })
  .strict()
export type PassthroughVmPlanInput = z.input<typeof passthroughVmPlanInput>

export const passthroughVmApplyInput = z.object({ hostId, planId: z.string().min(1).max(64) }).strict()

export interface PassthroughVmPreview {
  hostId: string
  vm: string
  /** Apply it with passthrough.vmApply; null when libvirt refuses the result or nothing changes. */
  planId: string | null
  changed: boolean
  /** libvirt's verdict (`define --validate`). */
  valid: boolean
  /** libvirt's objections, and what keeps the VM from working this way (not q35, no UEFI, not KVM). */
  problems: string[]
  notes: string[]
  xmlDiff: string
  /** The QEMU command line before/after (`virsh domxml-to-native qemu-argv`). */
  qemuLine: QemuLineDiff
  /** Host files of the same change (the Looking Glass tmpfiles.d file). */
  files: { path: string; diff: string; why: string }[]
  tuning: { applied: string[]; skipped: { rule: string; reason: string }[] }
  /** Why the Code 43 workaround exists and when to set it; present when asked for. */
  code43?: string
  lookingGlass?: { sizeMiB: number; formula: string; user: string }
  /** Running now: the definition changes at once, the running VM at its next start. */
  running: boolean
}

export const passthroughLaunchInput = z
  .object({
    hostId,
    vm: z.string().min(1).max(1000),
    /** How long to watch after the start (the "first minute"). */
    watchSeconds: z.number().int().min(1).max(300).default(60),
  })
  .strict()
export type PassthroughLaunchInput = z.input<typeof passthroughLaunchInput>

export interface LaunchCheck {
  label: string
  ok: boolean
  evidence: string
}

/** A recognised failure in the domain's log: the line, what it means, what to do. */
export interface LaunchLogProblem {
  id: string
  line: string
  what: string
  todo: string
}

/** "Start gaming VM": pre-flight, the start, the first minute watched, and the verdict in words. */
export interface PassthroughLaunchReport {
  hostId: string
  vm: string
  preflight: LaunchCheck[]
  /** False when pre-flight failed (nothing was started) or libvirt refused the start. */
  started: boolean
  /** libvirt's refusal, when it refused. */
  startError?: string
  /** The domain's state at each look, seconds after the start. */
  states: { afterSeconds: number; state: string }[]
  problems: LaunchLogProblem[]
  /** One sentence: what happened and what to do. */
  verdict: string
  ok: boolean
}
