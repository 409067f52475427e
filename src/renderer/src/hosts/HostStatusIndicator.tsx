import { Box, Group, Loader, Text, Tooltip, VisuallyHidden } from '@mantine/core'
import type { JSX } from 'react'
import type { HostConnectionState } from '@shared/hosts.js'
import { presentStatus } from './hostStatus'

interface Props {
  state: HostConnectionState
  size?: 'xs' | 'sm'
}

/**
 * A host's live connection state: a shape (dot, spinner, hollow ring) and a word, so it reads
 * without colour; the reason of an error is in the tooltip and in the accessible text.
 */
export function HostStatusIndicator({ state, size = 'xs' }: Props): JSX.Element {
  const status = presentStatus(state)
  const mark =
    state.status === 'connecting' ? (
      <Loader size={10} color={status.color} aria-hidden />
    ) : (
      <Box
        component="span"
        aria-hidden
        w={10}
        h={10}
        style={{
          display: 'inline-block',
          borderRadius: '50%',
          flex: 'none',
          border: `2px solid var(--mantine-color-${status.color}-filled)`,
          background:
            state.status === 'connected' || state.status === 'error'
              ? `var(--mantine-color-${status.color}-filled)`
              : 'transparent',
        }}
      />
    )
  const body = (
    <Group component="span" gap={6} wrap="nowrap" data-testid="host-status" data-status={state.status}>
      {mark}
      <Text size={size} c="dimmed" component="span" truncate>
        {status.label}
        {status.description !== status.label && (
          <VisuallyHidden component="span">
            {status.description.startsWith(status.label)
              ? status.description.slice(status.label.length)
              : ` — ${status.description}`}
          </VisuallyHidden>
        )}
      </Text>
    </Group>
  )
  if (status.description === status.label) return body
  return (
    <Tooltip label={status.description} multiline maw={320} openDelay={300} withinPortal>
      {body}
    </Tooltip>
  )
}
