import type { OsRecommendation } from '@shared/osinfo.js'
import type { WizardDraft } from '../vms/wizard/wizardDraft'

/** The wizard fields libosinfo's recommendation sets (what it does not say stays as it is). */
export function recommendedPatch(rec: OsRecommendation): Partial<WizardDraft> {
  return {
    ...(rec.memoryMiB === undefined ? {} : { memoryMiB: rec.memoryMiB }),
    ...(rec.diskGiB === undefined ? {} : { diskSizeGiB: rec.diskGiB }),
    ...(rec.vcpus === undefined ? {} : { vcpus: Math.max(1, rec.vcpus) }),
    ...(rec.diskBus === 'virtio' || rec.diskBus === 'sata' ? { diskBus: rec.diskBus } : {}),
    ...(rec.nicModel === undefined ? {} : { nicModel: rec.nicModel }),
  }
}
