import type { AppError } from '@shared/errors.js'
import {
  lxcNeedsPassword,
  useContainers,
  useDockerStatus,
  useLxcContainers,
  useLxcStatus,
  useLxcSummary,
} from './useContainers'

/** The containers of one engine by state (lower case), or why they are not counted. */
export interface EngineCounts {
  total: number
  byState: Record<string, number>
  loading: boolean
  /** The engine cannot be used or read (not installed, not running, no permission, a failed list). */
  unavailable?: string
  /** Not read here on purpose (sudo wants the password): counted once the Containers panel has read it. */
  notRead?: string
}

export interface ContainerCounts {
  docker: EngineCounts
  lxc: EngineCounts
}

export interface ContainerCountsOptions {
  /** Read nothing while false (a host that is not connected). */
  enabled?: boolean
  /**
   * List LXC's containers the way the Containers panel does. They belong to root: listing them may
   * ask for the sudo password, which a view that opens by itself (the Overview) must never do. False
   * reads them with `sudo -n` instead (useLxcSummary) and, where sudo wants a password, counts only
   * what the Containers panel already read.
   */
  readLxc?: boolean
}

function count(states: readonly string[]): Pick<EngineCounts, 'total' | 'byState'> {
  const byState: Record<string, number> = {}
  for (const state of states) byState[state] = (byState[state] ?? 0) + 1
  return { total: states.length, byState }
}

function unavailable(
  status: { message: string } | undefined,
  ...errors: (AppError | null)[]
): Pick<EngineCounts, 'unavailable'> {
  const message = status?.message ?? errors.find((e) => e !== null)?.message
  return message === undefined ? {} : { unavailable: message }
}

/**
 * The containers of a host counted by state (for the host's Overview). Shares the Containers
 * panel's queries, so Docker's counts follow /events live (useContainerEvents); LXC's are read
 * when asked (see `readLxc`).
 */
export function useContainerCounts(hostId: string, options: ContainerCountsOptions = {}): ContainerCounts {
  const enabled = options.enabled ?? true
  const readLxc = options.readLxc ?? true
  const dockerStatus = useDockerStatus(hostId, enabled)
  const dockerReady = dockerStatus.data?.state === 'ready'
  const docker = useContainers(hostId, enabled && dockerReady)
  const lxcStatus = useLxcStatus(hostId, enabled)
  const lxcReady = lxcStatus.data?.state === 'ready'
  const panelLxc = useLxcContainers(hostId, enabled && readLxc && lxcReady)
  const summaryLxc = useLxcSummary(hostId, enabled && !readLxc && lxcReady)
  const needsPassword = !readLxc && lxcNeedsPassword(summaryLxc.error)
  // Without the password, what the panel read (if it did) still counts.
  const lxc = readLxc || (needsPassword && panelLxc.data !== undefined) ? panelLxc : summaryLxc
  const lxcUnread = lxcReady && needsPassword && panelLxc.data === undefined
  return {
    docker: {
      ...count(dockerReady ? (docker.data ?? []).map((c) => c.state) : []),
      loading: enabled && (dockerStatus.isPending || (dockerReady && docker.isPending)),
      ...unavailable(
        dockerStatus.data?.state === 'ready' ? undefined : dockerStatus.data,
        dockerStatus.error,
        docker.error,
      ),
    },
    lxc: {
      ...count(lxcReady ? (lxc.data ?? []).map((c) => c.state.toLowerCase()) : []),
      loading: enabled && (lxcStatus.isPending || (lxcReady && lxc.isPending && !needsPassword)),
      ...unavailable(
        lxcStatus.data?.state === 'ready' ? undefined : lxcStatus.data,
        lxcStatus.error,
        needsPassword ? null : lxc.error,
      ),
      ...(lxcUnread
        ? {
            notRead:
              'not counted: listing LXC containers needs the administrator password — open Containers to list them',
          }
        : {}),
    },
  }
}
