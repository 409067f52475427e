import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { UseQueryResult } from '@tanstack/react-query'
import { useCallback, useState } from 'react'
import type { DoctorRun } from '@shared/checks.js'
import type { Progress } from '@shared/protocol.js'
import type { AppError } from '@shared/errors.js'
import { invoke, queryKey } from './virtdeck'

export interface Doctor {
  /** The last report (kept while checks run again), or the error of the last run. */
  query: UseQueryResult<DoctorRun, AppError>
  running: boolean
  /** The latest progress message of the running checks. */
  progress: Progress | null
  /** The user cancelled the last run (the previous report, if any, stays). */
  cancelled: boolean
  runAgain(): void
  cancel(): void
}

/**
 * The host checks of one host: run when the Hardware panel first opens, kept for the session,
 * run again on request. A streaming call: progress while it runs, and it can be cancelled.
 */
export function useChecks(hostId: string): Doctor {
  const client = useQueryClient()
  const key = queryKey('checks.run', { hostId })
  const [progress, setProgress] = useState<Progress | null>(null)
  const [cancelled, setCancelled] = useState(false)
  const query = useQuery<DoctorRun, AppError>({
    queryKey: key,
    queryFn: ({ signal }) => {
      setProgress(null)
      return invoke('checks.run', { hostId }, { signal, onProgress: setProgress })
    },
  })
  const runAgain = useCallback(() => {
    setCancelled(false)
    void query.refetch()
  }, [query])
  const cancel = useCallback(() => {
    setCancelled(true)
    void client.cancelQueries({ queryKey: queryKey('checks.run', { hostId }) })
  }, [client, hostId])
  return { query, running: query.isFetching, progress, cancelled, runAgain, cancel }
}
