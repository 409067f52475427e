import type { OsRecommendation } from '@shared/osinfo.js'
import type { WizardDraft } from '../vms/wizard/wizardDraft'

/** The wizard fields libosinfo's recommendation sets (what it does not say stays as it is). */
export function recommendedPatch(rec: OsRecommendation): Partial<WizardDraft> {
  return {
    ...(rec.memoryMiB === undefined ? {} : { memoryMiB: rec.memoryMiB }),
    ...(rec.diskGiB === undefined ? {} : { diskSizeGiB: rec.diskGiB }),
    // libosinfo gives the minimum CPUs: raised to it (Windows 11 needs 2), never lowered below the default.
    ...(rec.vcpus !== undefined && rec.vcpus > 1 ? { vcpus: rec.vcpus } : {}),
    ...(rec.diskBus === 'virtio' || rec.diskBus === 'sata' ? { diskBus: rec.diskBus } : {}),
    ...(rec.nicModel === undefined ? {} : { nicModel: rec.nicModel }),
  }
}
