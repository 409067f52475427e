import { Alert, Anchor, Button, Group, Loader, Stack, Tabs, Text, Title } from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import type { DomainDetails, DomainSummary } from '@shared/vms.js'
import { useVmDetails, useVmList } from '../api/useVms'
import { ErrorDetails } from '../notify/ErrorDetails'
import { DeleteVmDialog } from './DeleteVmDialog'
import { ForceOffDialog } from './ForceOffDialog'
import { isActive } from './format'
import { LibvirtStateBanner } from './LibvirtStateBanner'
import { VmDetailCards } from './VmDetailCards'
import { VmAddressesCard } from '../addresses/VmAddressesCard'
import { VmRowActions } from './VmRowActions'
import type { VmConfirmKind } from './VmRowActions'
import { RenameVmDialog } from '../vmmisc/RenameVmDialog'
import { VmStateLabel } from './VmStateLabel'
// vagrant: begin
import { VagrantTag } from '../vagrant/VagrantTag'
// vagrant: end
import type { VmActions } from './useVmActions'
import { vmKey } from './useVmActions'
import { XmlTab } from './XmlTab'
import { TuningTab } from '../tuning/TuningTab'
// vmhw: begin
import { HardwareTab } from '../vmhw/HardwareTab'
// vmhw: end
// snapshots: begin
import { SnapshotsTab } from '../snapshots/SnapshotsTab'
import { useSnapshotWork } from '../snapshots/useSnapshots'
import { CloneVmDialog } from '../clone/CloneVmDialog'
// snapshots: end
import { GraphsTab } from '../stats/GraphsTab' // stats
import { ConsoleTab } from '../console/ConsoleTab' // console

interface Props {
  hostId: string
  hostName: string
  uuid: string
  name: string
  actions: VmActions
  onBack(): void
}

function summaryOf(details: DomainDetails): DomainSummary {
  return {
    hostId: details.hostId,
    uuid: details.uuid,
    name: details.name,
    state: details.state,
    vcpus: details.overview.vcpus,
    memoryKiB: details.overview.currentMemoryKiB,
    maxMemoryKiB: details.overview.memoryKiB,
    autostart: details.autostart,
    persistent: details.persistent,
  }
}

/** One VM: its state and actions, cards for what it is made of, and the XML tab. */
export function VmDetailsPage({ hostId, hostName, uuid, name, actions, onBack }: Props): JSX.Element {
  const details = useVmDetails(hostId, uuid)
  // While a snapshot call runs, libvirt holds the VM: its actions would only wait, then fail.
  const snapshotWork = useSnapshotWork(hostId, uuid)
  // The list entry is kept current by events (state at once); the details follow on their refetch.
  const listed = useVmList(hostId).data?.find((d) => d.uuid === uuid)
  const vm = listed ?? (details.data === undefined ? undefined : summaryOf(details.data))
  const [confirm, setConfirm] = useState<VmConfirmKind | null>(null)
  const [tab, setTab] = useState<string | null>('overview')
  // snapshots: begin
  const [cloning, setCloning] = useState(false)
  // snapshots: end

  return (
    <Stack gap="lg" maw={1100}>
      <Anchor component="button" type="button" size="sm" onClick={onBack} w="fit-content">
        ← All virtual machines
      </Anchor>
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Stack gap={2}>
          <Title order={2}>{vm?.name ?? name}</Title>
          <Group gap="sm">
            {vm !== undefined && <VmStateLabel state={vm.state} size="md" />}
            <Text size="sm" c="dimmed">
              on {hostName}
            </Text>
          </Group>
        </Stack>
        {vm !== undefined && (
          <Group gap="sm">
            {/* snapshots: begin */}
            <Button variant="default" onClick={() => setCloning(true)}>
              Clone…
            </Button>
            {/* snapshots: end */}
            <VmRowActions
              vm={vm}
              busy={actions.busy.get(vmKey(vm)) ?? snapshotWork}
              compact={false}
              onAction={(action) => actions.run(vm, action)}
              onConfirm={setConfirm}
            />
          </Group>
        )}
      </Group>
      {/* vagrant: begin */}
      <VagrantTag hostId={hostId} uuid={uuid} />
      {/* vagrant: end */}
      <LibvirtStateBanner hostId={hostId} hostName={hostName} />
      {details.isPending && <Loader size="sm" aria-label="Loading the details" />}
      {details.error !== null && (
        <Alert
          color={details.error.code === 'NOT_FOUND' ? 'gray' : 'red'}
          title={
            details.error.code === 'NOT_FOUND'
              ? `${name} no longer exists`
              : `Could not read the details of ${name}`
          }
        >
          <Stack gap="sm">
            <ErrorDetails error={details.error} />
            <Button w="fit-content" variant="default" onClick={onBack}>
              Back to the list
            </Button>
          </Stack>
        </Alert>
      )}
      {details.data !== undefined && (
        <Tabs value={tab} onChange={setTab} keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="overview">Overview</Tabs.Tab>
            <Tabs.Tab value="console">Console</Tabs.Tab>
            {/* vmhw: begin */}
            <Tabs.Tab value="hardware">Hardware</Tabs.Tab>
            {/* vmhw: end */}
            <Tabs.Tab value="tuning">Tuning</Tabs.Tab>
            <Tabs.Tab value="xml">XML</Tabs.Tab>
            {/* snapshots: begin */}
            <Tabs.Tab value="snapshots">Snapshots</Tabs.Tab>
            {/* snapshots: end */}
            <Tabs.Tab value="graphs">Graphs</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="overview" pt="md">
            <Stack gap="lg">
              <VmAddressesCard
                hostId={hostId}
                name={details.data.name}
                running={details.data.state === 'running'}
              />
              <VmDetailCards details={details.data} />
            </Stack>
          </Tabs.Panel>
          {/* console: begin */}
          <Tabs.Panel value="console" pt="md">
            <ConsoleTab
              hostId={hostId}
              uuid={uuid}
              name={details.data.name}
              running={vm !== undefined && isActive(vm.state)}
              graphics={details.data.graphics}
            />
          </Tabs.Panel>
          {/* console: end */}
          {/* vmhw: begin */}
          <Tabs.Panel value="hardware" pt="md">
            <HardwareTab hostId={hostId} uuid={uuid} vm={details.data.name} />
          </Tabs.Panel>
          {/* vmhw: end */}
          <Tabs.Panel value="tuning" pt="md">
            <TuningTab hostId={hostId} vm={details.data.name} />
          </Tabs.Panel>
          <Tabs.Panel value="xml" pt="md">
            <XmlTab
              hostId={hostId}
              uuid={uuid}
              name={details.data.name}
              running={vm !== undefined && isActive(vm.state)}
            />
          </Tabs.Panel>
          {/* snapshots: begin */}
          <Tabs.Panel value="snapshots" pt="md">
            <SnapshotsTab hostId={hostId} uuid={uuid} name={details.data.name} />
          </Tabs.Panel>
          {/* snapshots: end */}
          {/* stats: begin */}
          <Tabs.Panel value="graphs" pt="md">
            <GraphsTab
              hostId={hostId}
              name={details.data.name}
              running={vm !== undefined && isActive(vm.state)}
            />
          </Tabs.Panel>
          {/* stats: end */}
        </Tabs>
      )}
      {/* snapshots: begin */}
      {cloning && vm !== undefined && (
        <CloneVmDialog
          hostId={hostId}
          uuid={uuid}
          name={vm.name}
          shutOff={vm.state === 'shutoff'}
          onClose={() => setCloning(false)}
        />
      )}
      {/* snapshots: end */}
      {confirm === 'destroy' && vm !== undefined && (
        <ForceOffDialog
          vm={vm}
          onConfirm={() => {
            actions.run(vm, 'destroy')
            setConfirm(null)
          }}
          onClose={() => setConfirm(null)}
        />
      )}
      {confirm === 'rename' && vm !== undefined && (
        <RenameVmDialog vm={vm} onClose={() => setConfirm(null)} />
      )}
      {confirm === 'delete' && vm !== undefined && (
        <DeleteVmDialog vm={vm} mark={actions.mark} onClose={() => setConfirm(null)} onDeleted={onBack} />
      )}
    </Stack>
  )
}
