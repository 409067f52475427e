import { Alert, Loader, Group, Text } from '@mantine/core'
import type { JSX } from 'react'
import { useLibvirtState } from '../api/useVms'

/** libvirt on the host went away (libvirtd restarted, the SSH link dropped): say so, and why, while VirtDeck reconnects. */
export function LibvirtStateBanner({
  hostId,
  hostName,
}: {
  hostId: string
  hostName: string
}): JSX.Element | null {
  const state = useLibvirtState(hostId).data
  if (state?.status !== 'reconnecting') return null
  return (
    <Alert
      color="orange"
      variant="light"
      role="status"
      aria-live="polite"
      title={`Reconnecting to libvirt on ${hostName}`}
    >
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <Loader size={14} mt={3} aria-hidden />
        <Text size="sm">
          {state.reason ?? 'The connection was lost.'}
          {state.attempt !== undefined ? ` (attempt ${state.attempt})` : ''}. What is shown may be out of date
          until it is back.
        </Text>
      </Group>
    </Alert>
  )
}
