import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { UseMutationResult, UseQueryResult } from '@tanstack/react-query'
import { useEffect } from 'react'
import type { ContainerSummary, DockerAction, DockerAvailability, LxcContainer } from '@shared/containers.js'
import type { AppError } from '@shared/errors.js'
import { invoke, queryKey, subscribe } from '../api/virtdeck'

const listKey = (hostId: string): readonly unknown[] => queryKey('docker.list', { hostId })

export function useDockerStatus(hostId: string): UseQueryResult<DockerAvailability, AppError> {
  return useQuery<DockerAvailability, AppError>({
    queryKey: queryKey('docker.status', { hostId }),
    queryFn: () => invoke('docker.status', { hostId }),
  })
}

export function useContainers(
  hostId: string,
  enabled: boolean,
): UseQueryResult<ContainerSummary[], AppError> {
  return useQuery<ContainerSummary[], AppError>({
    queryKey: listKey(hostId),
    queryFn: () => invoke('docker.list', { hostId }),
    enabled,
  })
}

/** Docker's /events (main follows them once the list was read): the cached list is patched in place. */
export function useContainerEvents(hostId: string): void {
  const client = useQueryClient()
  useEffect(
    () =>
      subscribe('container.changed', ({ hostId: from, change }) => {
        if (from !== hostId) return
        if (change.kind === 'resync') {
          void client.invalidateQueries({ queryKey: listKey(hostId) })
          return
        }
        client.setQueryData<ContainerSummary[]>(listKey(hostId), (list) => {
          if (list === undefined) return list
          if (change.kind === 'removed') return list.filter((c) => c.id !== change.id)
          const others = list.filter((c) => c.id !== change.container.id)
          return [...others, change.container].sort((a, b) => b.created - a.created)
        })
      }),
    [client, hostId],
  )
}

export function useContainerAction(
  hostId: string,
): UseMutationResult<{ container: ContainerSummary | null }, AppError, { id: string; action: DockerAction }> {
  return useMutation({
    mutationFn: ({ id, action }) =>
      invoke('docker.action', { hostId, id, action, force: action === 'remove' }),
  })
}

export function useLxcContainers(hostId: string): UseQueryResult<LxcContainer[], AppError> {
  return useQuery<LxcContainer[], AppError>({
    queryKey: queryKey('lxc.list', { hostId }),
    queryFn: () => invoke('lxc.list', { hostId }),
    retry: false,
  })
}
