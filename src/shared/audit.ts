import { z } from 'zod'
import type { AuditEntry } from './settings.js'
import { AUDIT_OUTCOMES } from './settings.js'

const isoTime = z.string().datetime({ offset: true })

/** The Activity page's (and `virtdeck audit list`'s) filters and page: newest first. */
export const auditQueryInput = z
  .object({
    hostId: z.string().min(1).max(64).optional(),
    /** The VM (or other object) the action was on: exact name. */
    target: z.string().min(1).max(1000).optional(),
    /** An action (`domain.start`) or a family (`domain.`): a trailing dot matches every action it begins. */
    action: z.string().min(1).max(200).optional(),
    outcome: z.enum(AUDIT_OUTCOMES).optional(),
    since: isoTime.optional(),
    until: isoTime.optional(),
    /** Words in the target, action or detail. */
    text: z.string().min(1).max(200).optional(),
    limit: z.number().int().min(1).max(500).default(50),
    offset: z.number().int().min(0).max(10_000_000).default(0),
  })
  .strict()
export type AuditQuery = z.input<typeof auditQueryInput>
export type AuditQueryParsed = z.output<typeof auditQueryInput>

export interface AuditPage {
  entries: AuditEntry[]
  /** How many entries match the filters (all pages). */
  total: number
  offset: number
  limit: number
}

/** What the filters offer: the actions and targets seen in the log (most frequent first). */
export interface AuditFacets {
  actions: string[]
  targets: string[]
}
