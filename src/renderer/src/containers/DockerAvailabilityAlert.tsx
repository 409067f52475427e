import { Alert, Code, Text } from '@mantine/core'
import type { JSX } from 'react'
import type { DockerAvailability } from '@shared/containers.js'

/** Why Docker cannot be used on the host, and what to do. */
export function DockerAvailabilityAlert({ status }: { status: DockerAvailability }): JSX.Element | null {
  switch (status.state) {
    case 'ready':
      return null
    case 'not-installed':
      return (
        <Alert color="gray" title={status.message}>
          {status.installHint === undefined ? (
            <Text size="sm">Install Docker with the distribution’s package manager.</Text>
          ) : (
            <Text size="sm">
              Install it: <Code>{status.installHint}</Code>
            </Text>
          )}
        </Alert>
      )
    case 'not-running':
      return (
        <Alert color="yellow" title={status.message}>
          <Text size="sm">
            Start it as root: <Code>{status.startCommand.join(' ')}</Code>
          </Text>
        </Alert>
      )
    case 'permission-denied':
      return (
        <Alert color="red" title={status.message}>
          <Text size="sm">{status.groupHint}</Text>
        </Alert>
      )
  }
}
