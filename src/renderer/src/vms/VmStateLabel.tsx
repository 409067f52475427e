import { Group, Text } from '@mantine/core'
import type { JSX } from 'react'
import type { DomainState } from '@shared/vms.js'
import { InlineIcon } from '../ui/InlineIcon'
import { STATE_WORDS } from './format'

const COLORS: Record<DomainState, string> = {
  running: 'teal',
  paused: 'yellow',
  shutoff: 'gray',
  crashed: 'red',
  pmsuspended: 'blue',
  blocked: 'orange',
  shutdown: 'orange',
  unknown: 'gray',
}

/** A shape per state (play, pause, stop, cross, …), so it reads without colour. */
function Shape({ state }: { state: DomainState }): JSX.Element {
  switch (state) {
    case 'running':
      return <path d="M9 7.5v9l7.5-4.5z" fill="currentColor" stroke="none" />
    case 'paused':
    case 'pmsuspended':
      return <path d="M10 8v8M14 8v8" />
    case 'shutoff':
      return <rect x="8.5" y="8.5" width="7" height="7" rx="1" fill="currentColor" stroke="none" />
    case 'crashed':
      return <path d="M9 9l6 6M15 9l-6 6" />
    case 'shutdown':
    case 'blocked':
      return <path d="M12 7.5v5l3 2" />
    default:
      return <path d="M10 10a2 2 0 1 1 2.8 1.8c-.5.3-.8.6-.8 1.2v.5M12 16.3v.01" />
  }
}

export function VmStateIcon({ state, size = 18 }: { state: DomainState; size?: number }): JSX.Element {
  return (
    <InlineIcon size={size} strokeWidth={2} color={`var(--mantine-color-${COLORS[state]}-filled)`}>
      <circle cx="12" cy="12" r="9.5" strokeWidth={1.6} />
      <Shape state={state} />
    </InlineIcon>
  )
}

/** Icon and word: "Running", "Shut off", … */
export function VmStateLabel({
  state,
  size = 'sm',
}: {
  state: DomainState
  size?: 'xs' | 'sm' | 'md'
}): JSX.Element {
  return (
    <Group gap={6} wrap="nowrap" data-state={state}>
      <VmStateIcon state={state} size={size === 'md' ? 20 : 16} />
      <Text size={size} component="span">
        {STATE_WORDS[state]}
      </Text>
    </Group>
  )
}
