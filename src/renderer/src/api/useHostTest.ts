import { useCallback, useEffect, useRef, useState } from 'react'
import type { AppError } from '@shared/errors.js'
import type { HostInput, HostTestReport } from '@shared/hosts.js'
import { toAppError } from './errors'
import { useHostKeyCheck } from './hostKeyCheck'
import { invoke } from './virtdeck'

/** What to test: a saved host, or what the user typed in the Add/Edit host dialog. */
export type HostTestTarget = { saved: string } | { draft: HostInput }

export type HostTestState =
  | { status: 'idle' }
  | { status: 'running'; progress: string[] }
  | { status: 'done'; progress: string[]; report: HostTestReport }
  | { status: 'failed'; progress: string[]; error: AppError }
  | { status: 'cancelled'; progress: string[] }

export interface HostTest {
  state: HostTestState
  run(target: HostTestTarget): void
  cancel(): void
  reset(): void
}

/** "Test connection": a streaming call with progress messages, cancellable, cancelled on unmount. */
export function useHostTest(): HostTest {
  const checkHostKey = useHostKeyCheck()
  const [state, setState] = useState<HostTestState>({ status: 'idle' })
  const running = useRef<AbortController | null>(null)

  const cancel = useCallback(() => running.current?.abort(), [])

  useEffect(() => () => running.current?.abort(), [])

  const run = useCallback(
    (target: HostTestTarget) => {
      running.current?.abort()
      const controller = new AbortController()
      running.current = controller
      const progress: string[] = []
      const current = (): boolean => running.current === controller
      const options = {
        signal: controller.signal,
        onProgress: ({ message }: { message: string }) => {
          if (!current()) return
          progress.push(message)
          setState({ status: 'running', progress: [...progress] })
        },
      }
      setState({ status: 'running', progress: [] })
      const call = (): Promise<HostTestReport> =>
        'saved' in target
          ? invoke('hosts.test', { id: target.saved }, options)
          : invoke('hosts.testDraft', target.draft, options)
      checkHostKey(call).then(
        (report) => {
          if (current()) setState({ status: 'done', progress, report })
        },
        (thrown: unknown) => {
          if (!current()) return
          const error = toAppError(thrown)
          setState(
            error.code === 'CANCELLED' || controller.signal.aborted
              ? { status: 'cancelled', progress }
              : { status: 'failed', progress, error },
          )
        },
      )
    },
    [checkHostKey],
  )

  const reset = useCallback(() => {
    running.current?.abort()
    running.current = null
    setState({ status: 'idle' })
  }, [])

  return { state, run, cancel, reset }
}
