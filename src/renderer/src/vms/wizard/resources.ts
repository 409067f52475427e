import type { StoragePool } from '@shared/storage.js'
import { formatBytes } from '../format'
import type { WizardDraft } from './wizardDraft'

/** The contract's bounds (src/shared/vm-create.ts), said in the user's words at the field. */
export const MEMORY_MIB = { min: 16, max: 16 * 1024 * 1024 }
export const VCPUS = { min: 1, max: 1024 }
export const DISK_GIB = { min: 0.0625, max: 1024 * 1024 }

const MiB = 1024 ** 2
const GiB = 1024 ** 3

export function memoryProblem(memoryMiB: number): string | undefined {
  if (!Number.isInteger(memoryMiB) || memoryMiB < MEMORY_MIB.min) return 'Give at least 16 MiB of memory'
  if (memoryMiB > MEMORY_MIB.max)
    return `At most ${MEMORY_MIB.max} MiB (${formatBytes(MEMORY_MIB.max * MiB)}) of memory`
  return undefined
}

export function vcpusProblem(vcpus: number): string | undefined {
  if (!Number.isInteger(vcpus) || vcpus < VCPUS.min) return 'Give at least one vCPU'
  if (vcpus > VCPUS.max) return `At most ${VCPUS.max} vCPUs`
  return undefined
}

export function diskSizeProblem(sizeGiB: number): string | undefined {
  if (!Number.isFinite(sizeGiB) || sizeGiB <= 0) return 'Give the size of the new disk'
  if (sizeGiB < DISK_GIB.min) return `A new disk needs at least ${DISK_GIB.min} GiB (64 MiB)`
  if (sizeGiB > DISK_GIB.max)
    return `At most ${DISK_GIB.max} GiB (${formatBytes(DISK_GIB.max * GiB)}) per disk`
  return undefined
}

export interface ResourceWarnings {
  memory?: string
  disk?: string
}

/**
 * What is allowed but probably a mistake, as virt-manager warns: more memory than the host has, a
 * disk bigger than the pool's free space. Said, never blocking (memory can be overcommitted, a
 * sparse disk may never fill up).
 */
export function resourceWarnings(
  draft: WizardDraft,
  host: { hostMemoryBytes: number | undefined; pool: StoragePool | undefined },
): ResourceWarnings {
  const warnings: ResourceWarnings = {}
  const memory = draft.memoryMiB * MiB
  if (
    host.hostMemoryBytes !== undefined &&
    memoryProblem(draft.memoryMiB) === undefined &&
    memory > host.hostMemoryBytes
  )
    warnings.memory = `${formatBytes(memory)} is more than this host has (${formatBytes(host.hostMemoryBytes)}): the VM will swap or fail to start.`
  const free = host.pool?.available
  const disk = draft.diskSizeGiB * GiB
  if (
    draft.install !== 'import' &&
    draft.newDisk &&
    free !== undefined &&
    diskSizeProblem(draft.diskSizeGiB) === undefined &&
    disk > free
  ) {
    warnings.disk =
      draft.preallocation === 'full'
        ? `The pool has only ${formatBytes(free)} free: writing ${formatBytes(disk)} up front will fail.`
        : `The pool has only ${formatBytes(free)} free: the guest can fill it before the disk is full (${formatBytes(disk)}).`
  }
  return warnings
}
