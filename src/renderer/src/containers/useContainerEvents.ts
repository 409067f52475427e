import type { QueryClient } from '@tanstack/react-query'
import { useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import type { ContainerChange, ContainerSummary } from '@shared/containers.js'
import { subscribe } from '../api/virtdeck'
import { listKey } from './useContainers'

/** One Docker change (from main's /events watcher) applied to that host's cached container list. */
export function onContainerChanged(client: QueryClient, hostId: string, change: ContainerChange): void {
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
}

/**
 * Keeps every host's Docker container list in step with `container.changed` for as long as the
 * app is mounted (as useVmEvents does for VMs), so a list read by one view (the Overview) stays
 * current for the others. Main stops following /events when a host's connection drops and starts
 * again on the next list: a host that (re)connects has its list read again.
 */
export function useContainerEvents(): void {
  const client = useQueryClient()
  useEffect(() => {
    const offChanged = subscribe('container.changed', ({ hostId, change }) =>
      onContainerChanged(client, hostId, change),
    )
    const offState = subscribe('host.state', ({ hostId, state }) => {
      if (state.status === 'connected') void client.invalidateQueries({ queryKey: listKey(hostId) })
    })
    return () => {
      offChanged()
      offState()
    }
  }, [client])
}
