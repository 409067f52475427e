import { Alert, Card, Loader, Progress, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import type { HostView } from '../../../shared/hosts'
import type { StoragePool } from '../../../shared/vms'
import { usePoolChange, usePools } from '../api/useStorage'
import { ErrorDetails } from '../notify/ErrorDetails'
import { AutostartSwitch } from '../ui/AutostartSwitch'
import { lifecycleActions } from '../ui/lifecycleActions'
import { PanelHeading } from '../ui/PanelHeading'
import { StartStopButton } from '../ui/StartStopButton'
import { formatBytes } from '../vms/format'
import { LibvirtStateBanner } from '../vms/LibvirtStateBanner'
import { VolumesCard } from './VolumesCard'

function CapacityBar({ pool }: { pool: StoragePool }): JSX.Element {
  if (pool.capacity === undefined || pool.capacity === 0)
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    )
  const used = pool.allocation ?? 0
  const share = used / pool.capacity
  const words = `${formatBytes(used)} of ${formatBytes(pool.capacity)} used`
  return (
    <Stack gap={2} miw={160}>
      <Progress
        value={share * 100}
        color={share > 0.9 ? 'red' : share > 0.75 ? 'orange' : 'blue'}
        aria-label={`${pool.name}: ${words}`}
      />
      <Text size="xs" c="dimmed">
        {words}
      </Text>
    </Stack>
  )
}

/** Storage pools (capacity, start/stop, autostart) and the volumes of the chosen one. */
export function StoragePanel({ host }: { host: HostView }): JSX.Element {
  const pools = usePools(host.id)
  const actions = lifecycleActions(usePoolChange(), host.id, 'pool')
  const [chosen, setChosen] = useState<string | null>(null)
  const pool =
    pools.data?.find((p) => p.name === chosen) ?? pools.data?.find((p) => p.active) ?? pools.data?.[0]

  return (
    <Stack gap="lg" maw={1100}>
      <PanelHeading title="Storage">{host.name}</PanelHeading>
      <LibvirtStateBanner hostId={host.id} hostName={host.name} />
      {pools.isPending && <Loader size="sm" aria-label="Loading storage pools" />}
      {pools.error !== null && (
        <Alert color="red" title={`Could not list the storage pools of ${host.name}`}>
          <ErrorDetails error={pools.error} />
        </Alert>
      )}
      {pools.data?.length === 0 && (
        <Text size="sm">
          No storage pools on {host.name}. libvirt creates “default” (in /var/lib/libvirt/images) when
          virt-install or virt-manager first runs; `virsh pool-define-as` makes others.
        </Text>
      )}
      {pools.data !== undefined && pools.data.length > 0 && (
        <Card withBorder padding="lg" component="section" aria-labelledby="pools-title">
          <Title order={3} size="h5" mb="sm" id="pools-title">
            Pools
          </Title>
          <Table.ScrollContainer minWidth={720}>
            <Table aria-label="Storage pools" verticalSpacing={8} highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Type</Table.Th>
                  <Table.Th>State</Table.Th>
                  <Table.Th>Autostart</Table.Th>
                  <Table.Th>Capacity</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {pools.data.map((p) => (
                  <Table.Tr
                    key={p.name}
                    aria-current={p.name === pool?.name ? 'true' : undefined}
                    {...(p.name === pool?.name ? { bg: 'var(--mantine-color-default-hover)' } : {})}
                  >
                    <Table.Td>
                      <UnstyledButton
                        onClick={() => setChosen(p.name)}
                        aria-label={`Show the volumes of ${p.name}`}
                        fw={600}
                        fz="sm"
                      >
                        {p.name}
                      </UnstyledButton>
                      {p.path !== undefined && (
                        <Text size="xs" c="dimmed" ff="monospace">
                          {p.path}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{p.type}</Table.Td>
                    <Table.Td>{p.active ? 'Active' : p.state === 'inactive' ? 'Inactive' : p.state}</Table.Td>
                    <Table.Td>
                      <AutostartSwitch object={p} actions={actions} />
                    </Table.Td>
                    <Table.Td>
                      <CapacityBar pool={p} />
                    </Table.Td>
                    <Table.Td ta="right">
                      <StartStopButton object={p} actions={actions} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      {pool !== undefined && <VolumesCard key={pool.name} hostId={host.id} pool={pool} />}
    </Stack>
  )
}
