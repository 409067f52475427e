import { Alert, Loader, Table, Text } from '@mantine/core'
import type { JSX } from 'react'
import type { VirtualNetwork } from '@shared/networks.js'
import { useLeases } from '../api/useNetworkAdmin'
import { ErrorDetails } from '../notify/ErrorDetails'
import { Dash } from '../ui/Dash'
import { SectionCard } from '../ui/SectionCard'

/** The DHCP leases dnsmasq handed out on a network (refreshed every 15 s). */
export function LeasesCard({ hostId, network }: { hostId: string; network: VirtualNetwork }): JSX.Element {
  const leases = useLeases(hostId, network.active ? network.name : null)
  return (
    <SectionCard title={`DHCP leases on ${network.name}`}>
      {!network.active && (
        <Text size="sm" c="dimmed">
          Start the network to see its leases.
        </Text>
      )}
      {leases.isFetching && leases.data === undefined && <Loader size="sm" aria-label="Loading leases" />}
      {leases.error !== null && (
        <Alert color="red" title="Could not read the leases">
          <ErrorDetails error={leases.error} />
        </Alert>
      )}
      {leases.data?.length === 0 && (
        <Text size="sm" c="dimmed">
          No leases: no VM has asked this network for an address yet.
        </Text>
      )}
      {leases.data !== undefined && leases.data.length > 0 && (
        <Table aria-label={`DHCP leases on ${network.name}`} verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Address</Table.Th>
              <Table.Th>MAC address</Table.Th>
              <Table.Th>Host name</Table.Th>
              <Table.Th>Expires</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {leases.data.map((l) => (
              <Table.Tr key={`${l.mac}-${l.address}`}>
                <Table.Td ff="monospace">{l.address}</Table.Td>
                <Table.Td ff="monospace">{l.mac}</Table.Td>
                <Table.Td>{l.hostname ?? <Dash />}</Table.Td>
                <Table.Td>{l.expires}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </SectionCard>
  )
}
