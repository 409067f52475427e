import { useEffect } from 'react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { UseMutationResult, UseQueryResult } from '@tanstack/react-query'
import type { HostChangeRecord } from '@shared/changes.js'
import type { AppError } from '@shared/errors.js'
import { useStreamingCall } from './useStreamingCall'
import type { StreamingCall } from './useStreamingCall'
import { invoke, queryKey, subscribe } from './virtdeck'

export interface ChangesFilter {
  hostId?: string
  capability?: string
}

/** Changes made by VirtDeck, newest first: on one host or all, of one capability or all. */
export function useChanges(filter: ChangesFilter): UseQueryResult<HostChangeRecord[], AppError> {
  const client = useQueryClient()
  // Changes made elsewhere (the CLI, another window) or by a capability's own panel show up at once.
  useEffect(
    () => subscribe('changes.updated', () => void client.invalidateQueries({ queryKey: ['changes.list'] })),
    [client],
  )
  return useQuery<HostChangeRecord[], AppError>({
    queryKey: queryKey('changes.list', filter),
    queryFn: () => invoke('changes.list', filter),
  })
}

/**
 * Undo of any change (the engine's, whichever capability made it). Afterwards every cached query is
 * read again: an undo can change a capability's state, a VM's definition and the lists alike.
 */
export function useUndoChange(): StreamingCall<'changes.undo'> {
  const client = useQueryClient()
  return useStreamingCall('changes.undo', async () => {
    await client.invalidateQueries()
  })
}

export function useVerifyChange(): UseMutationResult<HostChangeRecord, AppError, { changeId: string }> {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: { changeId: string }) => invoke('changes.verify', input),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['changes.list'] })
    },
  })
}
