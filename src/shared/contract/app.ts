import { z } from 'zod'
import type { AuditEntry, Settings } from '../settings.js'
import { settingsPatchSchema } from '../settings.js'
import { call, none } from './define.js'

/** Settings, the audit log (plain list) and answers to prompts. */
export const appChannels = {
  'settings.get': call<Settings>()(none),
  'settings.update': call<Settings>()(settingsPatchSchema),
  'audit.list': call<AuditEntry[]>()(
    z.object({ limit: z.number().int().min(1).max(1000).default(100) }).strict(),
  ),
  'prompts.answer': call<{ answered: boolean }>()(
    z.object({ promptId: z.string().min(1).max(64), value: z.string().max(4096).nullable() }).strict(),
  ),
} as const
