import { Alert, Button, Stack, Text } from '@mantine/core'
import { useMutation } from '@tanstack/react-query'
import type { JSX } from 'react'
import type { SpiceLaunch } from '@shared/console.js'
import type { AppError } from '@shared/errors.js'
import { invoke } from '../api/virtdeck'
import { ErrorDetails } from '../notify/ErrorDetails'

/** Opens the VM's SPICE display in remote-viewer; says how to install it when it is missing. */
export function SpiceButton({
  hostId,
  uuid,
  name,
}: {
  hostId: string
  uuid: string
  name: string
}): JSX.Element {
  const open = useMutation<SpiceLaunch, AppError>({
    mutationFn: () => invoke('console.spice', { hostId, uuid, name }),
  })
  return (
    <Stack gap="xs">
      <Button w="fit-content" loading={open.isPending} onClick={() => open.mutate()}>
        Open in remote-viewer
      </Button>
      {open.data !== undefined && (
        <Text size="sm" role="status">
          remote-viewer started ({open.data.connectTo}
          {open.data.tunnelled ? ', through this host’s SSH connection while it runs' : ''}).
        </Text>
      )}
      {open.error !== null && (
        <Alert
          color={open.error.code === 'COMMAND_NOT_FOUND' ? 'yellow' : 'red'}
          title="remote-viewer did not start"
        >
          <ErrorDetails error={open.error} />
        </Alert>
      )}
    </Stack>
  )
}
