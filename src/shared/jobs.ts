import { vmInput } from './vms.js'

/**
 * The long-running libvirt job of a VM (a memory snapshot, a save, a dump, a migration), as
 * `virsh domjobinfo` reports it while it runs, and whether `domjobabort` can stop it.
 */
export interface DomainJob {
  active: boolean
  /** libvirt's operation in words: snapshot, save, dump, … ('unknown' when libvirt does not say). */
  operation: string
  elapsedMs?: number
  /** Bytes (memory and disk) to write, written, left, when libvirt reports them. */
  dataTotal?: number
  dataProcessed?: number
  dataRemaining?: number
  /** 0..1 when the total is known. */
  fraction?: number
  cancellable: boolean
  /** Why Cancel is not offered, in words (absent when cancellable or no job runs). */
  notCancellable?: string
}

export const jobInput = vmInput
