import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { UseMutationResult, UseQueryResult } from '@tanstack/react-query'
import type { InputOf } from '@shared/contract.js'
import type { AppError } from '@shared/errors.js'
import type { StoragePool, StorageVolume } from '@shared/storage.js'
import type { LifecycleChange } from './lifecycleChange'
import { useStreamingCall } from './useStreamingCall'
import type { StreamingCall } from './useStreamingCall'
import { invoke, queryKey } from './virtdeck'

const poolsKey = (hostId: string): readonly unknown[] => queryKey('pools.list', { hostId })
const volumesKey = (hostId: string, pool: string): readonly unknown[] =>
  queryKey('volumes.list', { hostId, pool })

export function usePools(hostId: string): UseQueryResult<StoragePool[], AppError> {
  return useQuery<StoragePool[], AppError>({
    queryKey: poolsKey(hostId),
    queryFn: () => invoke('pools.list', { hostId }),
  })
}

export function useVolumes(hostId: string, pool: string | null): UseQueryResult<StorageVolume[], AppError> {
  return useQuery<StorageVolume[], AppError>({
    queryKey: volumesKey(hostId, pool ?? ''),
    queryFn: () => invoke('volumes.list', { hostId, pool: pool ?? '' }),
    enabled: pool !== null,
  })
}

/** Start, stop, autostart: main answers with the fresh pool list, which replaces the cached one. */
export function usePoolChange(): UseMutationResult<StoragePool[], AppError, LifecycleChange> {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (change: LifecycleChange) =>
      change.kind === 'autostart'
        ? invoke('pools.setAutostart', { hostId: change.hostId, name: change.name, enabled: change.enabled })
        : invoke(change.kind === 'start' ? 'pools.start' : 'pools.stop', {
            hostId: change.hostId,
            name: change.name,
          }),
    onSuccess: (pools, change) => {
      client.setQueryData(poolsKey(change.hostId), pools)
      void client.invalidateQueries({ queryKey: volumesKey(change.hostId, change.name) })
    },
  })
}

export function useCreateVolume(): StreamingCall<'volumes.create'> {
  const client = useQueryClient()
  return useStreamingCall('volumes.create', async (_volume, input) => {
    await Promise.all([
      client.invalidateQueries({ queryKey: volumesKey(input.hostId, input.pool) }),
      client.invalidateQueries({ queryKey: poolsKey(input.hostId) }),
    ])
  })
}

export function useDeleteVolume(): UseMutationResult<{ deleted: true }, AppError, InputOf<'volumes.delete'>> {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: InputOf<'volumes.delete'>) => invoke('volumes.delete', input),
    onSuccess: async (_r, input) => {
      await Promise.all([
        client.invalidateQueries({ queryKey: volumesKey(input.hostId, input.pool) }),
        client.invalidateQueries({ queryKey: poolsKey(input.hostId) }),
      ])
    },
  })
}
