import { useQuery } from '@tanstack/react-query'
import type { ContainerSummary, LxcContainer } from '@shared/containers.js'
import type { AppError } from '@shared/errors.js'
import { invoke, queryKey } from '../api/virtdeck'

/** Containers of one engine by state; `error` when the engine is absent or failed (said, not thrown). */
export interface EngineCounts {
  total: number
  byState: Record<string, number>
  error?: AppError
  loading: boolean
  /** Not read here on purpose (listing it needs root): counted once the Containers panel has read it. */
  notRead?: string
}

export interface ContainerCounts {
  docker: EngineCounts
  lxc: EngineCounts
}

function count<T>(
  items: T[] | undefined,
  state: (item: T) => string,
): Pick<EngineCounts, 'total' | 'byState'> {
  const byState: Record<string, number> = {}
  for (const item of items ?? []) byState[state(item)] = (byState[state(item)] ?? 0) + 1
  return { total: items?.length ?? 0, byState }
}

/**
 * Docker and LXC containers by state, read through the existing list channels (the containers
 * capability will export its own useContainerCounts; this stands in until then).
 */
export function useContainerCountsFallback(hostId: string, enabled: boolean): ContainerCounts {
  const docker = useQuery<ContainerSummary[], AppError>({
    queryKey: queryKey('docker.list', { hostId }),
    queryFn: () => invoke('docker.list', { hostId }),
    enabled,
    retry: false,
  })
  // LXC's containers belong to root: listing them may ask for the sudo password, which an Overview
  // must never do by itself. It counts what the Containers panel read (the same cache entry).
  const lxc = useQuery<LxcContainer[], AppError>({
    queryKey: queryKey('lxc.list', { hostId }),
    queryFn: () => invoke('lxc.list', { hostId }),
    enabled: false,
    retry: false,
  })
  return {
    docker: {
      ...count(docker.data, (c) => c.state),
      loading: docker.isPending && enabled,
      ...(docker.error === null ? {} : { error: docker.error }),
    },
    lxc: {
      ...count(lxc.data, (c) => c.state.toLowerCase()),
      loading: false,
      ...(lxc.error === null ? {} : { error: lxc.error }),
      ...(lxc.data === undefined && lxc.error === null
        ? { notRead: 'not counted yet — listing LXC containers needs root; open Containers to read them' }
        : {}),
    },
  }
}
