import { Code, Progress, Stack, Table, Text, UnstyledButton } from '@mantine/core'
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
          No storage pools on {host.name}. libvirt creates “default” (in /var/lib/libvirt/images) when
          virt-install or virt-manager first runs; <Code>virsh pool-define-as</Code> makes others (they appear
          here at once).
        </>
      }
      footer={pool !== undefined && <VolumesCard key={pool.name} hostId={host.id} pool={pool} />}
    >
      {(list) => (
        <SectionCard title="Pools">
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
                      <StartStopButton object={p} actions={actions} />
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
