import { useEffect, useState } from 'react'
import type { ContainerStats } from '@shared/containers.js'
import { invoke, subscribe } from '../api/virtdeck'

/**
 * Live CPU and memory of the running containers shown (Docker's own formulas, every 2 s) while the
 * list is on screen: one `docker.statsWatch` for all of them, cancelled when the list goes.
 */
export function useContainerStats(
  hostId: string,
  runningIds: readonly string[],
): Map<string, ContainerStats> {
  const [stats, setStats] = useState(new Map<string, ContainerStats>())
  const key = [...runningIds].sort().join(',')
  useEffect(() => {
    if (key === '') return
    const controller = new AbortController()
    const off = subscribe('container.stats', ({ hostId: from, stats: round }) => {
      if (from !== hostId) return
      setStats((before) => {
        const next = new Map(before)
        for (const s of round) next.set(s.id, s)
        return next
      })
    })
    invoke(
      'docker.statsWatch',
      { hostId, ids: key.split(','), intervalMs: 2000 },
      { signal: controller.signal },
    ).catch(() => undefined)
    return () => {
      controller.abort()
      off()
    }
  }, [hostId, key])
  return stats
}
