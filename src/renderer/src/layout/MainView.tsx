import { Alert, Button, Loader, Stack, Text, Title } from '@mantine/core'
import type { JSX } from 'react'
import type { AppError } from '../../../shared/errors'
import type { HostView } from '../../../shared/hosts'
import { HardwarePanel } from '../checks/HardwarePanel'
import { HostPage } from '../hosts/HostPage'
import { NestedPanel } from '../nested/NestedPanel'
import { NetworksPanel } from '../networks/NetworksPanel'
import { StoragePanel } from '../storage/StoragePanel'
import { VmsPanel } from '../vms/VmsPanel'
import { ErrorDetails } from '../notify/ErrorDetails'
import type { PanelId } from './panels'
import { panelInfo } from './panels'
import { PlaceholderPanel } from './PlaceholderPanel'
// vagrant: begin
import { VagrantPanel } from '../vagrant/VagrantPanel'
// vagrant: end

interface Props {
  hosts: HostView[] | undefined
  loading: boolean
  error: AppError | null
  host: HostView | undefined
  panel: PanelId
  onRetry(): void
  onAddHost(): void
  onImport(): void
  onDeleted(id: string): void
}

export function MainView(props: Props): JSX.Element {
  const { host, hosts } = props
  if (props.loading) return <Loader aria-label="Loading hosts" />
  if (props.error) {
    return (
      <Alert color="red" title="Could not load the hosts" maw={640}>
        <Stack gap="sm">
          <ErrorDetails error={props.error} />
          <Button w="fit-content" variant="light" color="red" onClick={props.onRetry}>
            Try again
          </Button>
        </Stack>
      </Alert>
    )
  }
  if (!host) {
    return (
      <Stack gap="sm" maw={640}>
        <Title order={2}>No hosts</Title>
        <Text>
          VirtDeck has no hosts to show. Add one with Add host in the sidebar, or import them from your
          ~/.ssh/config.
        </Text>
      </Stack>
    )
  }
  const info = panelInfo(props.panel)
  if (info.later !== undefined) return <PlaceholderPanel panel={info} hostName={host.name} />
  if (props.panel === 'hardware') return <HardwarePanel key={host.id} host={host} />
  if (props.panel === 'nested') return <NestedPanel key={host.id} host={host} />
  if (props.panel === 'vms') return <VmsPanel key={host.id} host={host} hosts={hosts ?? []} />
  if (props.panel === 'storage') return <StoragePanel key={host.id} host={host} />
  if (props.panel === 'networks') return <NetworksPanel key={host.id} host={host} />
  // vagrant: begin
  if (props.panel === 'vagrant') return <VagrantPanel key={host.id} host={host} />
  // vagrant: end
  const onlyHost = (hosts ?? []).every((other) => other.kind === 'local')
  return (
    <HostPage
      key={host.id}
      host={host}
      onlyHost={onlyHost}
      onAddHost={props.onAddHost}
      onImport={props.onImport}
      onDeleted={props.onDeleted}
    />
  )
}
