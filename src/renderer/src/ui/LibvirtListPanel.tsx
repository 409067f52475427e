import { Alert, Button, Group, Loader, Stack, Text } from '@mantine/core'
import type { UseQueryResult } from '@tanstack/react-query'
import type { JSX, ReactNode } from 'react'
import type { AppError } from '@shared/errors.js'
import type { HostView } from '@shared/hosts.js'
import { ErrorDetails } from '../notify/ErrorDetails'
import { LibvirtStateBanner } from '../vms/LibvirtStateBanner'
import { PanelHeading } from './PanelHeading'

interface Props<T> {
  host: HostView
  title: string
  /** What the list holds, e.g. "networks": "Loading networks", "Could not list the networks of …". */
  what: string
  query: UseQueryResult<T[], AppError>
  /** Shown when the host has none. */
  empty: ReactNode
  /** The list, once it has at least one entry. */
  children(items: T[]): ReactNode
  /** Below the list, whatever its state. */
  footer?: ReactNode
}

/** A host's libvirt objects (networks, storage pools): heading, reconnect banner, loading, failure, none. */
export function LibvirtListPanel<T>({
  host,
  title,
  what,
  query,
  empty,
  children,
  footer,
}: Props<T>): JSX.Element {
  return (
    <Stack gap="lg" maw={1100}>
      <Group justify="space-between" align="flex-start">
        <PanelHeading title={title}>{host.name}</PanelHeading>
        {/* Outside changes arrive as events; this is for whatever libvirt does not announce (a volume copied in). */}
        <Button
          variant="default"
          size="xs"
          onClick={() => void query.refetch()}
          loading={query.isFetching}
          aria-label={`Refresh the ${what}`}
        >
          Refresh
        </Button>
      </Group>
      <LibvirtStateBanner hostId={host.id} hostName={host.name} />
      {query.isPending && <Loader size="sm" aria-label={`Loading ${what}`} />}
      {query.error !== null && (
        <Alert color="red" title={`Could not list the ${what} of ${host.name}`}>
          <ErrorDetails error={query.error} />
        </Alert>
      )}
      {query.data?.length === 0 && <Text size="sm">{empty}</Text>}
      {query.data !== undefined && query.data.length > 0 && children(query.data)}
      {footer}
    </Stack>
  )
}
