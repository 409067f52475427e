import { useEffect, useState } from 'react'
import { invoke } from '../api/virtdeck'

/**
 * A container's log followed live (`docker logs --follow` through the streaming call): the last
 * 500 lines, then each new line as it is written, stderr marked; at most 5000 kept. Stops when
 * `enabled` turns off or the dialog closes.
 */
export function useFollowedLogs(
  hostId: string,
  id: string | null,
  search: string,
  enabled: boolean,
): string[] {
  const [lines, setLines] = useState<string[]>([])
  useEffect(() => {
    if (!enabled || id === null) return
    const controller = new AbortController()
    invoke(
      'docker.logs',
      { hostId, id, tail: 500, follow: true, ...(search === '' ? {} : { search }) },
      {
        signal: controller.signal,
        onProgress: (p) => setLines((before) => [...before, ...p.message.split('\n')].slice(-5000)),
      },
    ).catch(() => undefined)
    return () => {
      controller.abort()
      setLines([])
    }
  }, [hostId, id, search, enabled])
  return lines
}
