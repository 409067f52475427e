import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { UseMutationResult, UseQueryResult } from '@tanstack/react-query'
import type { InputOf, OutputOf } from '@shared/contract.js'
import type { AppError } from '@shared/errors.js'
import type { DhcpLease, HostBridge } from '@shared/network-create.js'
import type { VirtualNetwork } from '@shared/networks.js'
import { invoke, queryKey } from './virtdeck'

/** Networks created, edited and deleted; host bridges; DHCP leases. */

export function useHostBridges(hostId: string, enabled: boolean): UseQueryResult<HostBridge[], AppError> {
  return useQuery<HostBridge[], AppError>({
    queryKey: queryKey('networks.hostBridges', { hostId }),
    queryFn: () => invoke('networks.hostBridges', { hostId }),
    enabled,
  })
}

export function useLeases(hostId: string, name: string | null): UseQueryResult<DhcpLease[], AppError> {
  return useQuery<DhcpLease[], AppError>({
    queryKey: queryKey('networks.leases', { hostId, name: name ?? '' }),
    queryFn: () => invoke('networks.leases', { hostId, name: name ?? '' }),
    enabled: name !== null,
    refetchInterval: 15_000,
  })
}

type Channel = 'networks.create' | 'networks.edit' | 'networks.delete'

export function useNetworkAdmin<C extends Channel>(
  channel: C,
): UseMutationResult<OutputOf<C>, AppError, InputOf<C>> {
  const client = useQueryClient()
  return useMutation<OutputOf<C>, AppError, InputOf<C>>({
    mutationFn: (input) => invoke(channel, input),
    onSuccess: (result, input) => {
      const list = Array.isArray(result) ? result : (result as { networks: VirtualNetwork[] }).networks
      client.setQueryData(queryKey('networks.list', { hostId: input.hostId }), list)
    },
  })
}
