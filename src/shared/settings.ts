import { z } from 'zod'

export const THEMES = ['system', 'light', 'dark'] as const

export const settingsSchema = z.object({
  theme: z.enum(THEMES).default('system'),
  /** Connect to every saved host at start-up. */
  connectOnStart: z.boolean().default(true),
  /** Save passwords even where no keyring protects them (Electron's basic_text backend). */
  allowPlainSecrets: z.boolean().default(false),
})
export type Settings = z.output<typeof settingsSchema>
export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({})

export const settingsPatchSchema = z
  .object({
    theme: z.enum(THEMES).optional(),
    connectOnStart: z.boolean().optional(),
    allowPlainSecrets: z.boolean().optional(),
  })
  .strict()

export const AUDIT_OUTCOMES = ['ok', 'failed', 'cancelled'] as const
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number]

/** One mutating action, as kept in the audit log. */
export interface AuditEntry {
  id: number
  at: string
  hostId: string | null
  target: string
  action: string
  outcome: AuditOutcome
  detail: string | null
}
