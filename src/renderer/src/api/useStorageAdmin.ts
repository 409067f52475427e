import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { UseMutationResult, UseQueryResult } from '@tanstack/react-query'
import type { InputOf } from '@shared/contract.js'
import type { AppError } from '@shared/errors.js'
import type { PoolKindOffer } from '@shared/pool-create.js'
import type { StoragePool, StorageVolume } from '@shared/storage.js'
import type { VolumeUsers } from '@shared/volume-admin.js'
import { useStreamingCall } from './useStreamingCall'
import type { StreamingCall } from './useStreamingCall'
import { invoke, queryKey } from './virtdeck'

/** Pools created and deleted, volumes resized, cloned, copied in and out: each refreshes what it changed. */

const poolsKey = (hostId: string): readonly unknown[] => queryKey('pools.list', { hostId })

export function usePoolKinds(hostId: string): UseQueryResult<PoolKindOffer[], AppError> {
  return useQuery<PoolKindOffer[], AppError>({
    queryKey: queryKey('pools.kinds', { hostId }),
    queryFn: () => invoke('pools.kinds', { hostId }),
    staleTime: 5 * 60_000,
  })
}

export function useVolumeUsers(hostId: string, pool: string | null): UseQueryResult<VolumeUsers[], AppError> {
  return useQuery<VolumeUsers[], AppError>({
    queryKey: queryKey('volumes.usedBy', { hostId, pool: pool ?? '' }),
    queryFn: () => invoke('volumes.usedBy', { hostId, pool: pool ?? '' }),
    enabled: pool !== null,
  })
}

type PoolChannel = 'pools.create' | 'pools.delete' | 'pools.refresh' | 'pools.build'

/** A pool change answered with the fresh pool list, which replaces the cached one. */
export function usePoolAdmin<C extends PoolChannel>(
  channel: C,
): UseMutationResult<StoragePool[], AppError, InputOf<C>> {
  const client = useQueryClient()
  return useMutation<StoragePool[], AppError, InputOf<C>>({
    mutationFn: (input) => invoke(channel, input) as Promise<StoragePool[]>,
    onSuccess: async (pools, input) => {
      client.setQueryData(poolsKey(input.hostId), pools)
      await client.invalidateQueries({ queryKey: ['volumes.list'] })
      await client.invalidateQueries({ queryKey: ['volumes.usedBy'] })
    },
  })
}

export function useResizeVolume(): UseMutationResult<StorageVolume, AppError, InputOf<'volumes.resize'>> {
  const client = useQueryClient()
  return useMutation<StorageVolume, AppError, InputOf<'volumes.resize'>>({
    mutationFn: (input) => invoke('volumes.resize', input),
    onSuccess: async (_v, input) => {
      await client.invalidateQueries({
        queryKey: queryKey('volumes.list', { hostId: input.hostId, pool: input.pool }),
      })
      await client.invalidateQueries({ queryKey: poolsKey(input.hostId) })
    },
  })
}

/** Clone, upload, download: streamed with progress and Cancel; the volume list and pool sizes refresh after. */
export function useVolumeStream<C extends 'volumes.clone' | 'volumes.upload' | 'volumes.download'>(
  channel: C,
): StreamingCall<C> {
  const client = useQueryClient()
  return useStreamingCall(channel, async (_r, input) => {
    await client.invalidateQueries({
      queryKey: queryKey('volumes.list', { hostId: input.hostId, pool: input.pool }),
    })
    await client.invalidateQueries({ queryKey: poolsKey(input.hostId) })
    await client.invalidateQueries({ queryKey: ['volumes.usedBy'] })
  })
}
