import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { UseMutationResult, UseQueryResult } from '@tanstack/react-query'
import type { InputOf, OutputOf } from '@shared/contract.js'
import type { AppError } from '@shared/errors.js'
import type { SnapshotTree } from '@shared/snapshots.js'
import { invoke } from '../api/virtdeck'

export const snapshotsKey = (hostId: string, uuid: string): readonly unknown[] => [
  'snapshots.list',
  hostId,
  uuid,
]

/** The VM's snapshot tree with main's verdicts (what is allowed, and why not). */
export function useSnapshotTree(hostId: string, uuid: string): UseQueryResult<SnapshotTree, AppError> {
  return useQuery<SnapshotTree, AppError>({
    queryKey: snapshotsKey(hostId, uuid),
    queryFn: () => invoke('snapshots.list', { hostId, uuid }),
  })
}

type SnapshotMutation = 'snapshots.create' | 'snapshots.revert' | 'snapshots.delete'

/** create, revert or delete; the tree is read again afterwards (also after a failure: someone else may have changed it). */
export function useSnapshotMutation<C extends SnapshotMutation>(
  channel: C,
): UseMutationResult<OutputOf<C>, AppError, InputOf<C>> {
  const client = useQueryClient()
  return useMutation<OutputOf<C>, AppError, InputOf<C>>({
    mutationFn: (input) => invoke(channel, input),
    onSettled: (_result, _error, input) =>
      client.invalidateQueries({ queryKey: snapshotsKey(input.hostId, input.uuid) }),
  })
}
