import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { UseMutationResult, UseQueryResult } from '@tanstack/react-query'
import type { AppError } from '@shared/errors.js'
import type { VirtualNetwork } from '@shared/networks.js'
import type { LifecycleChange } from './lifecycleChange'
import { invoke, queryKey } from './virtdeck'

const networksKey = (hostId: string): readonly unknown[] => queryKey('networks.list', { hostId })

export function useNetworks(hostId: string, enabled = true): UseQueryResult<VirtualNetwork[], AppError> {
  return useQuery<VirtualNetwork[], AppError>({
    queryKey: networksKey(hostId),
    queryFn: () => invoke('networks.list', { hostId }),
    enabled,
  })
}

/** Start, stop, autostart: main answers with the fresh list, which replaces the cached one. */
export function useNetworkChange(): UseMutationResult<VirtualNetwork[], AppError, LifecycleChange> {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (change: LifecycleChange) =>
      change.kind === 'autostart'
        ? invoke('networks.setAutostart', {
            hostId: change.hostId,
            name: change.name,
            enabled: change.enabled,
          })
        : invoke(change.kind === 'start' ? 'networks.start' : 'networks.stop', {
            hostId: change.hostId,
            name: change.name,
          }),
    onSuccess: (networks, change) => client.setQueryData(networksKey(change.hostId), networks),
  })
}
