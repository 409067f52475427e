import { Button, Code, Group, Progress, Stack, Table, Text, UnstyledButton } from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import type { HostView } from '@shared/hosts.js'
import type { StoragePool } from '@shared/storage.js'
import { usePoolChange, usePools } from '../api/useStorage'
import { AutostartSwitch } from '../ui/AutostartSwitch'
import { Dash } from '../ui/Dash'
import { LibvirtListPanel } from '../ui/LibvirtListPanel'
import { lifecycleActions } from '../ui/lifecycleActions'
import { SectionCard } from '../ui/SectionCard'
import { StartStopButton } from '../ui/StartStopButton'
import { formatBytes } from '../vms/format'
import { CreatePoolDialog } from './CreatePoolDialog'
import { PoolRowActions } from './PoolRowActions'
import { VolumesCard } from './VolumesCard'

function CapacityBar({ pool }: { pool: StoragePool }): JSX.Element {
  if (pool.capacity === undefined || pool.capacity === 0) return <Dash />
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
  const [creating, setCreating] = useState(false)
  const pool =
    pools.data?.find((p) => p.name === chosen) ?? pools.data?.find((p) => p.active) ?? pools.data?.[0]

  return (
    <LibvirtListPanel
      host={host}
      title="Storage"
      what="storage pools"
      query={pools}
      empty={
        <>
          No storage pools on {host.name}. Create one with New pool (a directory is the simplest); pools made
          with <Code>virsh pool-define-as</Code> appear here at once too.
        </>
      }
      footer={
        <>
          <Group>
            <Button onClick={() => setCreating(true)}>New pool</Button>
          </Group>
          {pool !== undefined && <VolumesCard key={pool.name} hostId={host.id} pool={pool} />}
          {creating && <CreatePoolDialog hostId={host.id} onClose={() => setCreating(false)} />}
        </>
      }
    >
      {(list) => (
        <SectionCard title="Pools">
          <Table.ScrollContainer minWidth={860}>
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
                {list.map((p) => (
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
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        <StartStopButton object={p} actions={actions} />
                        <PoolRowActions hostId={host.id} pool={p} />
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </SectionCard>
      )}
    </LibvirtListPanel>
  )
}
