import { Alert, Button, Loader, Stack } from '@mantine/core'
import type { JSX } from 'react'
import type { HostView } from '@shared/hosts.js'
import { useNestedStatus } from '../api/useNested'
import { ErrorDetails } from '../notify/ErrorDetails'
import { PanelHeading } from '../ui/PanelHeading'
import { ChangesCard } from '../ui/changes/ChangesCard'
import { EnableNestedCard } from './EnableNestedCard'
import { GuestCpuCard } from './GuestCpuCard'
import { NestedStatusCard } from './NestedStatusCard'
import { XenGuestCard } from './XenGuestCard'

/** The "Nested virtualization" panel: the state now, turning nested KVM on (or Xen's nested HVM), undo, the guest side. */
export function NestedPanel({ host }: { host: HostView }): JSX.Element {
  const status = useNestedStatus(host.id)
  return (
    <Stack gap="lg" maw={980}>
      <PanelHeading title="Nested virtualization">{host.name}</PanelHeading>
      {status.isPending && <Loader size="sm" aria-label="Reading the nested virtualization state" />}
      {status.error !== null && (
        <Alert color="red" title={`Could not read the state of ${host.name}`}>
          <Stack gap="sm">
            <ErrorDetails error={status.error} />
            <Button w="fit-content" variant="light" color="red" onClick={() => void status.refetch()}>
              Try again
            </Button>
          </Stack>
        </Alert>
      )}
      {status.data !== undefined && (
        <>
          <NestedStatusCard
            status={status.data}
            onRefresh={() => void status.refetch()}
            refreshing={status.isFetching}
          />
          {status.data.vendor !== null && (
            <EnableNestedCard hostId={host.id} hostName={host.name} status={status.data} />
          )}
          {status.data.xen.isXen && (
            <XenGuestCard hostId={host.id} hostName={host.name} xen={status.data.xen} />
          )}
          <ChangesCard
            title="Applied changes"
            filter={{ hostId: host.id, capability: 'nested' }}
            empty="No changes yet. Changes you apply here are listed with their backups, and can be undone."
          />
          <GuestCpuCard hostId={host.id} hostName={host.name} />
        </>
      )}
    </Stack>
  )
}
