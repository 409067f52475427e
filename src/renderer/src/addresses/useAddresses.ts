import { useQuery } from '@tanstack/react-query'
import type { UseQueryResult } from '@tanstack/react-query'
import type { VmAddress, VmAddresses } from '@shared/addresses.js'
import type { AppError } from '@shared/errors.js'
import { invoke, queryKey } from '../api/virtdeck'

/** Every running VM's addresses on a host: one call for the whole list, every 10 s while shown. */
export function useHostAddresses(hostId: string, enabled: boolean): UseQueryResult<VmAddresses[], AppError> {
  return useQuery<VmAddresses[], AppError>({
    queryKey: queryKey('vms.addresses', { hostId }),
    queryFn: () => invoke('vms.addresses', { hostId }),
    enabled,
    refetchInterval: 10_000,
  })
}

export function useVmAddresses(
  hostId: string,
  name: string,
  enabled: boolean,
): UseQueryResult<VmAddress[], AppError> {
  return useQuery<VmAddress[], AppError>({
    queryKey: queryKey('vms.addressesOf', { hostId, name }),
    queryFn: () => invoke('vms.addressesOf', { hostId, name }),
    enabled,
    refetchInterval: 10_000,
  })
}

/** IPv4 first, link-local IPv6 last: what a user most likely wants to ssh to comes first. */
export function sortAddresses(list: readonly VmAddress[]): VmAddress[] {
  const rank = (a: VmAddress): number =>
    a.family === 'ipv4' ? 0 : a.address.toLowerCase().startsWith('fe80') ? 2 : 1
  return [...list].sort((a, b) => rank(a) - rank(b))
}
