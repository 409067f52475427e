import type { Handlers } from '../ipc/router.js'
import type { SnapshotService } from './snapshot-service.js'

type SnapshotChannels = 'snapshots.list' | 'snapshots.create' | 'snapshots.revert' | 'snapshots.delete'

export function snapshotHandlers(snapshots: SnapshotService): Pick<Handlers, SnapshotChannels> {
  return {
    'snapshots.list': async (vm) => snapshots.list(vm),
    'snapshots.create': async ({ snapshot, ...vm }) => snapshots.create(vm, snapshot),
    'snapshots.revert': async ({ snapshot, ...vm }) => snapshots.revert(vm, snapshot),
    'snapshots.delete': async ({ snapshot, ...vm }) => snapshots.delete(vm, snapshot),
  }
}
