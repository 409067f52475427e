import { z } from 'zod'

export const restorePreviewInput = z
  .object({ hostId: z.string().min(1).max(64), historyId: z.number().int().min(1) })
  .strict()

/** What restoring a saved definition would change: the diff from the current definition to the saved one. */
export interface RestorePreview {
  historyId: number
  name: string
  /** Unified diff, current → saved ('' when they are the same). */
  diff: string
  changed: boolean
  /** The VM no longer exists: restoring defines it again. */
  recreates: boolean
  running: boolean
}
