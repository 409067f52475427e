import { Alert, Button, Loader, Stack, Text, Title } from '@mantine/core'
import type { JSX } from 'react'
import type { AppError } from '@shared/errors.js'
import type { HostView } from '@shared/hosts.js'
import { ChecksPanel } from '../checks/ChecksPanel'
import { HostPage } from '../hosts/HostPage'
import { NestedPanel } from '../nested/NestedPanel'
// passthrough: begin
import { PassthroughPanel } from '../passthrough/PassthroughPanel'
// passthrough: end
import { NetworksPanel } from '../networks/NetworksPanel'
import { StoragePanel } from '../storage/StoragePanel'
import { VmsPanel } from '../vms/VmsPanel'
import { ErrorDetails } from '../notify/ErrorDetails'
import type { PanelId } from './panels'
import { ContainersPanel } from '../containers/ContainersPanel'
import { ChangesPanel } from '../changes/ChangesPanel'
import { TuningPanel } from '../tuning/TuningPanel'
import { VagrantPanel } from '../vagrant/VagrantPanel'
import { ActivityPanel } from '../vmmisc/ActivityPanel'

interface PanelProps {
  host: HostView
  hosts: HostView[]
}

/**
 * Every section of a host mapped to its view. The key type is every PanelId but the overview (the
 * host page, below), so a panel declared in panels.ts and not wired here fails the type check.
 */
const PANEL_VIEWS: { [K in Exclude<PanelId, 'overview'>]: (props: PanelProps) => JSX.Element } = {
  vms: ({ host, hosts }) => <VmsPanel host={host} hosts={hosts} />,
  storage: ({ host }) => <StoragePanel host={host} />,
  networks: ({ host }) => <NetworksPanel host={host} />,
  tuning: ({ host }) => <TuningPanel host={host} />,
  checks: ({ host }) => <ChecksPanel host={host} />,
  nested: ({ host }) => <NestedPanel host={host} />,
  // passthrough: begin
  passthrough: ({ host }) => <PassthroughPanel host={host} />,
  // passthrough: end
  containers: ({ host, hosts }) => <ContainersPanel host={host} hosts={hosts} />,
  vagrant: ({ host }) => <VagrantPanel host={host} />,
  changes: ({ host, hosts }) => <ChangesPanel host={host} hosts={hosts} />,
  activity: ({ host, hosts }) => <ActivityPanel host={host} hosts={hosts} />, // vmmisc
}

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
  onOpen?(hostId: string, panel: PanelId): void // vmmisc
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
  if (props.panel !== 'overview') {
    const View = PANEL_VIEWS[props.panel]
    return <View key={host.id} host={host} hosts={hosts ?? []} />
  }
  const onlyHost = (hosts ?? []).every((other) => other.kind === 'local')
  return (
    <HostPage
      key={host.id}
      host={host}
      onlyHost={onlyHost}
      onAddHost={props.onAddHost}
      onImport={props.onImport}
      onDeleted={props.onDeleted}
      {...(props.onOpen === undefined
        ? {}
        : {
            onOpenPanel: (panel: PanelId) => props.onOpen?.(host.id, panel),
            onOpenHost: (id: string) => props.onOpen?.(id, 'overview'),
          })}
    />
  )
}
