import { Alert, Button, Group, Loader, Text } from '@mantine/core'
import type { JSX } from 'react'
import { useConnectHost } from '../api/useHostMutations'
import { useHosts } from '../api/useHosts'
import { useLibvirtState } from '../api/useVms'
import { notifyFailure } from '../notify/notify'
import { reconnectView } from './reconnectState'

/** libvirt on the host went away (libvirtd restarted, the SSH link dropped): say so, and why, while VirtDeck reconnects. */
export function LibvirtStateBanner({
  hostId,
  hostName,
}: {
  hostId: string
  hostName: string
}): JSX.Element | null {
  const state = useLibvirtState(hostId).data
  const hostState = useHosts().data?.find((host) => host.id === hostId)?.state
  const connect = useConnectHost()
  const view = reconnectView(state, hostState)
  if (view === undefined) return null
  return (
    <Alert
      color="orange"
      variant="light"
      role="status"
      aria-live="polite"
      title={view.hostDown ? `Reconnecting to ${hostName}` : `Reconnecting to libvirt on ${hostName}`}
    >
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <Loader size={14} mt={3} aria-hidden />
        <Text size="sm">
          {view.reason ?? 'The connection was lost.'}
          {view.attempt !== undefined ? ` (attempt ${view.attempt})` : ''}. What is shown may be out of date
          until it is back.
        </Text>
        {view.hostDown && (
          <Button
            size="compact-sm"
            variant="default"
            loading={connect.isPending}
            onClick={() =>
              connect.mutate(hostId, {
                onError: (error) =>
                  notifyFailure({
                    id: `connect:${hostId}`,
                    title: `Could not connect to ${hostName}`,
                    error,
                  }),
              })
            }
          >
            Retry now
          </Button>
        )}
      </Group>
    </Alert>
  )
}
