import { z } from 'zod'
import { vmInput } from './vms.js'

/**
 * Snapshots of a VM: the tree libvirt keeps, what is safe to do with each snapshot on this host
 * (decided once, in main's rules, and carried here so the CLI and the renderer only show it), and
 * the inputs of the snapshots.* channels.
 */

/** libvirt names a snapshot file after it: no "/", no control characters, no surrounding spaces. */
export const snapshotNameSchema = z
  .string()
  .min(1, 'Give the snapshot a name')
  .max(200, 'A snapshot name has at most 200 characters')
  .refine((s) => s.trim() === s, 'A snapshot name cannot start or end with a space')
  .refine((s) => !s.includes('/'), 'A snapshot name cannot contain "/"')
  // eslint-disable-next-line no-control-regex
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'A snapshot name cannot contain control characters')

export const SNAPSHOT_KINDS = ['internal', 'external'] as const
/** internal: inside each qcow2 disk; external: new overlay files (and a memory file) beside the disks. */
export type SnapshotKind = (typeof SNAPSHOT_KINDS)[number]

export const snapshotsListInput = vmInput
export const snapshotCreateInput = vmInput
  .extend({
    snapshot: z
      .object({
        /** Default: the date and time. */
        name: snapshotNameSchema.optional(),
        description: z.string().max(10_000).optional(),
        /** A running VM's memory too, so that a revert resumes it where it was. */
        memory: z.boolean().default(false),
        /** Default: the kind the VM already has, else internal where allowed, else external. */
        kind: z.enum(SNAPSHOT_KINDS).optional(),
      })
      .strict(),
  })
  .strict()
export const snapshotRevertInput = vmInput.extend({ snapshot: snapshotNameSchema }).strict()
export const snapshotDeleteInput = vmInput.extend({ snapshot: snapshotNameSchema }).strict()

export type SnapshotCreateSpec = z.input<typeof snapshotCreateInput>['snapshot']

/** Allowed, or refused with the reason in the user's words. */
export type SnapshotVerdict = { allowed: true } | { allowed: false; reason: string }

export interface VmSnapshot {
  name: string
  description?: string
  /** ISO 8601. */
  createdAt: string
  /** The VM's state when it was taken: running, paused, shutoff, or disk-snapshot (disks of a running VM only). */
  state: string
  parent?: string
  children: string[]
  /** The snapshot the VM's disks now build on (marked in the tree). */
  current: boolean
  /** internal: inside the disks; external: overlay files beside them. */
  location: SnapshotKind
  /** Whether the VM's memory was saved (a revert resumes it running) and where. */
  memory: 'none' | 'internal' | 'external'
  /** Only the disks, of a VM that was running (no memory: like pulling the plug at that moment). */
  diskOnly: boolean
  revert: SnapshotVerdict
  delete: SnapshotVerdict
  /** What a revert to this snapshot throws away, in the user's words. */
  revertLoses: string[]
}

export interface SnapshotPolicy {
  /** libvirt on the host, e.g. "9.0.0". */
  libvirtVersion: string
  internal: SnapshotVerdict
  external: SnapshotVerdict
  /** Saving the memory of the running VM (needs it running, and the room for it). */
  memory: SnapshotVerdict
  /** The kind a new snapshot gets when none is asked for; undefined when neither is allowed. */
  defaultKind?: SnapshotKind
}

export interface SnapshotTree {
  vm: { name: string; uuid: string; state: string }
  /** Parents before their children, siblings oldest first. */
  snapshots: VmSnapshot[]
  current?: string
  policy: SnapshotPolicy
}

export interface SnapshotCreateResult {
  snapshot: VmSnapshot
}
export interface SnapshotRevertResult {
  snapshot: string
  /** The VM's state after the revert. */
  state: string
  lost: string[]
}
export interface SnapshotDeleteResult {
  deleted: string
  /** Children that now hang from the deleted snapshot's parent (or became roots). */
  reparented: string[]
}
