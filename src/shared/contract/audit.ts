import { z } from 'zod'
import type { AuditFacets, AuditPage } from '../audit.js'
import { auditQueryInput } from '../audit.js'
import { call } from './define.js'

/** The audit log, filtered and paged. */
export const auditChannels = {
  /** The audit log with filters, newest first, one page at a time. */
  'audit.query': call<AuditPage>()(auditQueryInput),
  /** The actions and targets seen in the audit log, for the Activity page's filters. */
  'audit.facets': call<AuditFacets>()(z.object({ hostId: z.string().min(1).max(64).optional() }).strict()),
} as const
