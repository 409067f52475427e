import { useQuery } from '@tanstack/react-query'
import type { UseQueryResult } from '@tanstack/react-query'
import type { SshConfigEntry } from '@shared/hosts.js'
import { invoke, queryKey } from './virtdeck'

/** Entries of ~/.ssh/config, read afresh each time the import dialog opens. */
export function useSshConfig(enabled: boolean): UseQueryResult<SshConfigEntry[]> {
  return useQuery({
    queryKey: queryKey('hosts.sshConfig', {}),
    queryFn: () => invoke('hosts.sshConfig', {}),
    enabled,
    staleTime: 0,
    gcTime: 0,
  })
}
