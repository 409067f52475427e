import { Card, Group, Stack, Title } from '@mantine/core'
import type { JSX } from 'react'
import type { HostView } from '@shared/hosts.js'
import { useConnectHost, useUpdateHost } from '../api/useHostMutations'
import { useHostTest } from '../api/useHostTest'
import { notifyFailure } from '../notify/notify'
import { PanelHeading } from '../ui/PanelHeading'
import { EmptyHostsHint } from './EmptyHostsHint'
import { HostActions } from './HostActions'
import { HostDetailsTable } from './HostDetailsTable'
import { draftFromHost, draftToInput } from './hostDraft'
import { HostStateAlert } from './HostStateAlert'
import { HostStatusIndicator } from './HostStatusIndicator'
import { TestConnectionPanel } from './TestConnectionPanel'
import { HostTotalsCard } from '../stats/HostTotalsCard' // stats
// vmmisc: begin
import type { PanelId } from '../layout/panels'
import { AllHostsSummary } from '../vmmisc/AllHostsSummary'
import { OverviewDashboard } from '../vmmisc/OverviewDashboard'
// vmmisc: end

interface Props {
  host: HostView
  /** "This computer" is the only host: say what to do next. */
  onlyHost: boolean
  onAddHost(): void
  onImport(): void
  onDeleted(id: string): void
  /** Links from the dashboard into this host's panels, and to another host's Overview. */
  onOpenPanel?(panel: PanelId): void
  onOpenHost?(hostId: string): void
}

/** The Overview panel of a host: its state, its connection profile and what can be done with it. */
export function HostPage({
  host,
  onlyHost,
  onAddHost,
  onImport,
  onDeleted,
  onOpenPanel,
  onOpenHost,
}: Props): JSX.Element {
  const test = useHostTest()
  const update = useUpdateHost()
  const connect = useConnectHost()

  const runTest = (): void => test.run({ saved: host.id })

  // The test suggested another libvirt URI (typically qemu:///session): save it, then test again.
  const switchUri = (libvirtUri: string): void =>
    update.mutate(
      { id: host.id, host: draftToInput({ ...draftFromHost(host), libvirtUri }) },
      {
        onSuccess: runTest,
        onError: (error) =>
          notifyFailure({
            id: `update:${host.id}`,
            title: `Could not change the libvirt URI of ${host.name}`,
            error,
          }),
      },
    )

  const subtitle =
    host.kind === 'local'
      ? `Local connection · ${host.libvirtUri}`
      : `${host.username ?? ''}@${host.hostname ?? ''}:${host.port ?? 22}`

  return (
    <Stack gap="lg" maw={1100}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <PanelHeading title={host.name}>{subtitle}</PanelHeading>
        <HostStatusIndicator state={host.state} size="sm" />
      </Group>
      <HostStateAlert
        state={host.state}
        onRetry={() =>
          connect.mutate(host.id, {
            onError: (error) =>
              notifyFailure({ id: `connect:${host.id}`, title: `Could not connect to ${host.name}`, error }),
          })
        }
      />
      {/* vmmisc: begin */}
      <OverviewDashboard
        host={host}
        extra={<HostTotalsCard host={host} />}
        {...(onOpenPanel === undefined ? {} : { onOpenPanel })}
      />
      <AllHostsSummary currentHostId={host.id} {...(onOpenHost === undefined ? {} : { onOpenHost })} />
      {/* vmmisc: end */}
      <HostActions
        host={host}
        testing={test.state.status === 'running'}
        onTest={runTest}
        onDeleted={onDeleted}
      />
      <TestConnectionPanel
        state={test.state}
        onCancel={test.cancel}
        onUseUri={switchUri}
        usingUri={update.isPending}
      />
      <Card withBorder padding="lg" component="section" aria-labelledby={`settings-${host.id}`}>
        <Title order={3} size="h5" mb="sm" id={`settings-${host.id}`}>
          Connection settings
        </Title>
        <HostDetailsTable host={host} />
      </Card>
      {onlyHost && <EmptyHostsHint onAddHost={onAddHost} onImport={onImport} />}
    </Stack>
  )
}
