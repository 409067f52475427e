import type { z } from 'zod'

/** The first message of each field a schema refuses, keyed by its dotted path ("ipv4.dhcp.start"). */
export function fieldErrors(schema: z.ZodType, value: unknown): Record<string, string> {
  const parsed = schema.safeParse(value)
  if (parsed.success) return {}
  const out: Record<string, string> = {}
  for (const issue of parsed.error.issues) {
    const key = issue.path.map(String).join('.')
    if (out[key] === undefined) out[key] = issue.message
  }
  return out
}
