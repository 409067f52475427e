import type {
  SnapshotCreateResult,
  SnapshotDeleteResult,
  SnapshotRevertResult,
  SnapshotTree,
} from '../snapshots.js'
import * as snapIn from '../snapshots.js'
import { call } from './define.js'

/** VM snapshots: tree, create, revert, delete. */
export const snapshotsChannels = {
  /** The VM's snapshot tree, and what is safe on it (each refusal with its reason). */
  'snapshots.list': call<SnapshotTree>()(snapIn.snapshotsListInput),
  'snapshots.create': call<SnapshotCreateResult>()(snapIn.snapshotCreateInput),
  /** Reverts the VM to a snapshot; what it loses is in the list's `revertLoses`. */
  'snapshots.revert': call<SnapshotRevertResult>()(snapIn.snapshotRevertInput),
  /** Deletes one snapshot; its children are kept and hang from its parent. */
  'snapshots.delete': call<SnapshotDeleteResult>()(snapIn.snapshotDeleteInput),
} as const
