import { Anchor, Badge, Table, Text } from '@mantine/core'
import type { JSX } from 'react'
import { SectionCard } from '../ui/SectionCard'
import { formatKiB } from '../vms/format'
import { overviewShares } from './overviewNumbers'
import { useOverviewAll } from './useVmMisc'

interface Props {
  currentHostId: string
  onOpenHost?(hostId: string): void
}

/** One row per saved host: its VMs, what the running ones take, how busy the host is. */
export function AllHostsSummary({ currentHostId, onOpenHost }: Props): JSX.Element | null {
  const all = useOverviewAll()
  const hosts = all.data?.hosts ?? []
  if (hosts.length < 2) return null
  return (
    <SectionCard title="All hosts">
      <Table.ScrollContainer minWidth={640}>
        <Table aria-label="All hosts" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Host</Table.Th>
              <Table.Th scope="col">VMs running</Table.Th>
              <Table.Th scope="col">vCPUs / CPUs</Table.Th>
              <Table.Th scope="col">VM memory / host</Table.Th>
              <Table.Th scope="col">Host memory in use</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {hosts.map((h) => {
              const s = overviewShares(h)
              return (
                <Table.Tr key={h.hostId} aria-current={h.hostId === currentHostId ? 'true' : undefined}>
                  <Table.Th scope="row">
                    {onOpenHost === undefined || h.hostId === currentHostId ? (
                      <Text size="sm" fw={600}>
                        {h.hostName}
                      </Text>
                    ) : (
                      <Anchor component="button" type="button" size="sm" onClick={() => onOpenHost(h.hostId)}>
                        {h.hostName}
                      </Anchor>
                    )}
                  </Table.Th>
                  {h.connected ? (
                    <>
                      <Table.Td>
                        {h.vms.byState.running ?? 0} of {h.vms.total}
                      </Table.Td>
                      <Table.Td>
                        {s.vcpus === undefined ? '—' : `${s.vcpus.used} / ${s.vcpus.total}`}
                      </Table.Td>
                      <Table.Td>
                        {s.vmMemory === undefined
                          ? '—'
                          : `${formatKiB(s.vmMemory.used)} / ${formatKiB(s.vmMemory.total)} (${s.vmMemory.percent} %)`}
                      </Table.Td>
                      <Table.Td>{s.hostMemory === undefined ? '—' : `${s.hostMemory.percent} %`}</Table.Td>
                    </>
                  ) : (
                    <Table.Td colSpan={4}>
                      <Badge color="gray" variant="light">
                        Not connected
                      </Badge>
                    </Table.Td>
                  )}
                </Table.Tr>
              )
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </SectionCard>
  )
}
