import { formatWhen } from '../ui/time'

const ISO_TIME = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)/g

/**
 * What a history entry holds, in the user's words. An entry is saved by a change and holds the
 * definition from before it: "Before: memory 96 -> 128 MiB", not "Saved: …" (which read as the
 * 128 MiB one). Times in the reason (a restore names the entry it put back) are shown in local
 * time, like the list.
 */
export function historyLabel(reason: string): string {
  const local = reason.replace(ISO_TIME, (iso) => formatWhen(iso))
  return /^before\b/i.test(local) ? local : `Before: ${local}`
}
