import type { DoctorRun } from '../checks.js'
import { checksHostInput } from '../checks.js'
import { stream } from './define.js'

/** The host doctor. */
export const checksChannels = {
  /** Runs every host check ("doctor") and returns the report with its Markdown and JSON exports. */
  'checks.run': stream<DoctorRun>()(checksHostInput),
} as const
