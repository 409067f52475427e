import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { QueryClient, UseQueryResult } from '@tanstack/react-query'
import { useEffect } from 'react'
import type { HostConnectionState, HostView } from '@shared/hosts.js'
import { invoke, queryKey, subscribe } from './virtdeck'

const hostsListKey = queryKey('hosts.list', {})

export function useHosts(): UseQueryResult<HostView[]> {
  return useQuery({ queryKey: hostsListKey, queryFn: () => invoke('hosts.list', {}) })
}

/** Replaces one host's connection state in every cached copy, without refetching anything. */
export function setHostState(client: QueryClient, hostId: string, state: HostConnectionState): void {
  client.setQueryData<HostView[]>(hostsListKey, (hosts) =>
    hosts?.map((host) => (host.id === hostId ? { ...host, state } : host)),
  )
  client.setQueryData<HostView>(queryKey('hosts.get', { id: hostId }), (host) =>
    host ? { ...host, state } : host,
  )
}

export async function refreshHosts(client: QueryClient, hostId?: string): Promise<void> {
  await client.invalidateQueries({ queryKey: hostsListKey })
  if (hostId !== undefined)
    await client.invalidateQueries({ queryKey: queryKey('hosts.get', { id: hostId }) })
}

/** Keeps the host caches in step with main's events for as long as the app is mounted. */
export function useHostEvents(): void {
  const client = useQueryClient()
  useEffect(() => {
    const offState = subscribe('host.state', ({ hostId, state }) => setHostState(client, hostId, state))
    const offChanged = subscribe('hosts.changed', ({ hostId }) => void refreshHosts(client, hostId))
    return () => {
      offState()
      offChanged()
    }
  }, [client])
}
