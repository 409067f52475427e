import type { ContainerState, LxcState } from '@shared/containers.js'
import { useContainers, useDockerStatus, useLxcContainers, useLxcStatus } from './useContainers'

export interface ContainerCounts {
  /** Docker containers by state (`running`, `exited`, `paused`, …); empty when Docker is not usable. */
  docker: Partial<Record<ContainerState, number>>
  /** LXC containers by state (`RUNNING`, `STOPPED`, `FROZEN`, …); empty when LXC is not installed. */
  lxc: Partial<Record<LxcState, number>>
  total: number
  /** Docker `running` plus LXC `RUNNING`. */
  running: number
  /** Still reading one of the lists. */
  loading: boolean
  dockerReady: boolean
  lxcReady: boolean
}

function countBy<S extends string>(states: readonly S[]): Partial<Record<S, number>> {
  const counts: Partial<Record<S, number>> = {}
  for (const state of states) counts[state] = (counts[state] ?? 0) + 1
  return counts
}

/**
 * The containers of a host counted by state (for the host's Overview). Shares the Containers
 * panel's queries, so Docker's counts follow /events live; LXC's are read when asked.
 */
export function useContainerCounts(hostId: string): ContainerCounts {
  const dockerStatus = useDockerStatus(hostId)
  const dockerReady = dockerStatus.data?.state === 'ready'
  const docker = useContainers(hostId, dockerReady)
  const lxcStatus = useLxcStatus(hostId)
  const lxcReady = lxcStatus.data?.state === 'ready'
  const lxc = useLxcContainers(hostId)
  const dockerCounts = countBy((docker.data ?? []).map((c) => c.state))
  const lxcCounts = countBy(lxcReady ? (lxc.data ?? []).map((c) => c.state) : [])
  const total = (docker.data?.length ?? 0) + (lxcReady ? (lxc.data?.length ?? 0) : 0)
  return {
    docker: dockerCounts,
    lxc: lxcCounts,
    total,
    running: (dockerCounts.running ?? 0) + (lxcCounts.RUNNING ?? 0),
    loading:
      dockerStatus.isPending ||
      lxcStatus.isPending ||
      (dockerReady && docker.isPending) ||
      (lxcReady && lxc.isPending),
    dockerReady,
    lxcReady,
  }
}
