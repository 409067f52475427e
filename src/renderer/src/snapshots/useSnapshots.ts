import { useMutation, useMutationState, useQuery, useQueryClient } from '@tanstack/react-query'
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
    mutationKey: ['snapshots', channel],
    mutationFn: (input) => invoke(channel, input),
    onSettled: (_result, _error, input) =>
      client.invalidateQueries({ queryKey: snapshotsKey(input.hostId, input.uuid) }),
  })
}

/** What a running snapshot call is doing to the VM, in words (the VM's actions wait meanwhile). */
const SNAPSHOT_WORK: Record<SnapshotMutation, string> = {
  'snapshots.create': 'Taking a snapshot',
  'snapshots.revert': 'Reverting to a snapshot',
  'snapshots.delete': 'Deleting a snapshot',
}

/**
 * The snapshot work this window started on a VM and that still runs, e.g. "Taking a snapshot".
 * libvirt holds the VM meanwhile (an internal snapshot pauses it): a Resume or Shut down would
 * only wait, then fail, so the VM's actions show this instead.
 */
export function useSnapshotWork(hostId: string, uuid: string): string | undefined {
  const running = useMutationState({
    filters: { mutationKey: ['snapshots'], status: 'pending' },
    select: (mutation) => ({
      channel: mutation.options.mutationKey?.[1],
      input: mutation.state.variables as { hostId?: string; uuid?: string } | undefined,
    }),
  })
  const mine = running.find((m) => m.input?.hostId === hostId && m.input.uuid === uuid)
  return mine === undefined ? undefined : SNAPSHOT_WORK[mine.channel as SnapshotMutation]
}
