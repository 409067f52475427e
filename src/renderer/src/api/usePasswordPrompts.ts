import { useCallback, useEffect, useState } from 'react'
import type { PasswordPromptEvent } from '@shared/protocol.js'
import { invoke, subscribe } from './virtdeck'

export interface PasswordPrompts {
  /** The prompt to show now; others wait their turn. */
  current: PasswordPromptEvent | undefined
  /** Sends the answer (null: the user cancelled) and moves on to the next prompt. */
  answer(promptId: string, value: string | null): Promise<void>
}

export function usePasswordPrompts(): PasswordPrompts {
  const [queue, setQueue] = useState<PasswordPromptEvent[]>([])

  useEffect(() => subscribe('prompt.password', (prompt) => setQueue((current) => [...current, prompt])), [])

  const answer = useCallback(async (promptId: string, value: string | null) => {
    try {
      await invoke('prompts.answer', { promptId, value })
    } finally {
      setQueue((current) => current.filter((prompt) => prompt.promptId !== promptId))
    }
  }, [])

  return { current: queue[0], answer }
}
