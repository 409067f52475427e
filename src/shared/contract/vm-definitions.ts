import { vmRenameInput } from '../vm-rename.js'
import type { DomainSummary } from '../vms.js'
import type { RestorePreview } from '../xml-restore.js'
import { restorePreviewInput } from '../xml-restore.js'
import { call } from './define.js'

/** Renaming a VM and previewing a restore of a saved definition. */
export const vmDefinitionsChannels = {
  /** Renames a shut-off VM (virsh domrename); its XML history follows (kept by UUID). */
  'vms.rename': call<DomainSummary>()(vmRenameInput),
  /** What restoring a saved definition would change (current → saved), shown before the restore. */
  'vms.restorePreview': call<RestorePreview>()(restorePreviewInput),
} as const
