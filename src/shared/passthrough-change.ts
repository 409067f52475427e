import { z } from 'zod'
import type { HostPassthroughPlan } from './passthrough.js'
import { pciAddressSchema } from './passthrough.js'

/**
 * Preparing a host for GPU passthrough as one change of the change engine: the plan (files, commands,
 * blockers, notes, reboot) is previewed, kept in main under an id, applied, verified after the
 * reboot and undone from the Changes page.
 */

const hostId = z.string().min(1).max(64)

export const passthroughReportInput = z.object({ hostId }).strict()
export const passthroughPlanInput = z.object({ hostId, gpu: pciAddressSchema }).strict()
export const passthroughApplyInput = z.object({ hostId, planId: z.string().min(1).max(64) }).strict()

/** The host plan as the user reads it, and the id to apply it by (null: blocked, or nothing to do). */
export interface PassthroughPlanPreview extends HostPassthroughPlan {
  hostId: string
  planId: string | null
}
