import type { MantineColor } from '@mantine/core'
import type { HostConnectionState } from '@shared/hosts.js'

export interface StatusPresentation {
  /** Short text shown next to the host, never colour alone. */
  label: string
  /** The full sentence for tooltips and screen readers. */
  description: string
  color: MantineColor
}

export function presentStatus(state: HostConnectionState): StatusPresentation {
  switch (state.status) {
    case 'connected':
      return { label: 'Connected', description: 'Connected', color: 'teal' }
    case 'connecting': {
      const attempt = state.attempt !== undefined && state.attempt > 1 ? ` (attempt ${state.attempt})` : ''
      const why = state.reason ? `: ${state.reason}` : ''
      return { label: `Connecting${attempt}`, description: `Connecting${attempt}${why}`, color: 'yellow' }
    }
    case 'error':
      return {
        label: 'Error',
        description: `Error: ${state.reason ?? 'the connection failed'}`,
        color: 'red',
      }
    case 'disconnected':
      return { label: 'Disconnected', description: 'Disconnected', color: 'gray' }
  }
}
