import { Alert, Button, Text } from '@mantine/core'
import type { JSX } from 'react'
import type { HostConnectionState } from '@shared/hosts.js'

const HINTS: Partial<Record<NonNullable<HostConnectionState['code']>, string>> = {
  HOST_KEY_UNKNOWN: 'Press Connect to see the host key and verify it.',
  HOST_KEY_CHANGED: 'Press Connect to see what changed and how to resolve it.',
  AUTH_FAILED: 'Check the user and authentication with Edit, then connect again.',
  HOST_UNREACHABLE: 'Check that the machine is on and that the address and port are right.',
}

/** Why a host is not connected (or is reconnecting), in words, next to what to do. */
export function HostStateAlert({
  state,
  onRetry,
}: {
  state: HostConnectionState
  /** Cuts a reconnect wait short ("Retry now"). */
  onRetry?: () => void
}): JSX.Element | null {
  if (state.status === 'error') {
    const hint = state.code ? HINTS[state.code] : undefined
    return (
      <Alert color="red" title="Not connected">
        <Text size="sm">{state.reason ?? 'The connection failed.'}</Text>
        {hint && (
          <Text size="sm" mt={4}>
            {hint}
          </Text>
        )}
      </Alert>
    )
  }
  if (state.status === 'connecting' && (state.attempt ?? 0) > 1) {
    const next = state.nextRetryAt
      ? ` The next attempt is at ${new Date(state.nextRetryAt).toLocaleTimeString()}.`
      : ''
    return (
      <Alert color="yellow" title={`Reconnecting (attempt ${state.attempt})`}>
        <Text size="sm">{`${state.reason ?? 'The connection dropped.'}${next}`}</Text>
        {onRetry !== undefined && (
          <Button size="compact-sm" variant="default" mt="xs" onClick={onRetry}>
            Retry now
          </Button>
        )}
      </Alert>
    )
  }
  return null
}
