import { volumeNameSchema } from '@shared/storage.js'

export interface VolumeProblems {
  name?: string
  size?: string
}

/** Why Create cannot go ahead, at the field it is about (the same rules main applies). */
export function volumeProblems(name: string, sizeGiB: number): VolumeProblems {
  const problems: VolumeProblems = {}
  const parsed = volumeNameSchema.safeParse(name)
  if (!parsed.success) problems.name = parsed.error.issues[0]?.message ?? 'This name cannot be used'
  if (!Number.isFinite(sizeGiB) || sizeGiB <= 0) problems.size = 'Give a size above 0'
  else if (sizeGiB < 0.001) problems.size = 'At least 0.001 GiB (1 MiB)'
  return problems
}
