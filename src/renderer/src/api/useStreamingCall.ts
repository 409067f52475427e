import { useMutation } from '@tanstack/react-query'
import type { UseMutationResult } from '@tanstack/react-query'
import { useCallback, useRef, useState } from 'react'
import type { Channel, InputOf, OutputOf } from '@shared/contract.js'
import type { Progress } from '@shared/protocol.js'
import type { AppError } from '@shared/errors.js'
import { invoke } from './virtdeck'

/** A mutation on a streaming channel: its progress, and a cancel that reaches main. */
export interface StreamingCall<C extends Channel> {
  mutation: UseMutationResult<OutputOf<C>, AppError, InputOf<C>>
  progress: Progress | null
  cancel(): void
}

export function useStreamingCall<C extends Channel>(
  channel: C,
  onSuccess?: (value: OutputOf<C>, input: InputOf<C>) => Promise<void> | void,
): StreamingCall<C> {
  const [progress, setProgress] = useState<Progress | null>(null)
  const running = useRef<AbortController | null>(null)
  const mutation = useMutation<OutputOf<C>, AppError, InputOf<C>>({
    mutationFn: (input: InputOf<C>) => {
      const controller = new AbortController()
      running.current = controller
      setProgress(null)
      return invoke(channel, input, { signal: controller.signal, onProgress: setProgress })
    },
    ...(onSuccess === undefined ? {} : { onSuccess }),
  })
  const cancel = useCallback(() => running.current?.abort(), [])
  return { mutation, progress, cancel }
}
