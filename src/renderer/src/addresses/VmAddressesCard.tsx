import { Alert, Table, Text } from '@mantine/core'
import type { JSX } from 'react'
import { ErrorDetails } from '../notify/ErrorDetails'
import { SectionCard } from '../ui/SectionCard'
import { sortAddresses, useVmAddresses } from './useAddresses'

const SOURCE_WORDS = { lease: 'DHCP lease', agent: 'Guest agent', arp: 'ARP table' } as const

/** A VM's IP addresses in its details: from libvirt's DHCP leases, the guest agent, the host's ARP table. */
export function VmAddressesCard({
  hostId,
  name,
  running,
}: {
  hostId: string
  name: string
  running: boolean
}): JSX.Element {
  const query = useVmAddresses(hostId, name, running)
  const list = sortAddresses(query.data ?? [])
  return (
    <SectionCard title="IP addresses">
      {!running && (
        <Text size="sm" c="dimmed">
          Known while the VM runs.
        </Text>
      )}
      {query.error !== null && (
        <Alert color="red" title="Could not read the addresses">
          <ErrorDetails error={query.error} />
        </Alert>
      )}
      {running && query.data !== undefined && list.length === 0 && (
        <Text size="sm" c="dimmed">
          None known yet: no DHCP lease from a libvirt network, no guest agent answering, nothing in the
          host’s ARP table. A guest that just booted takes a few seconds.
        </Text>
      )}
      {list.length > 0 && (
        <Table aria-label="IP addresses" verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Address</Table.Th>
              <Table.Th>Interface</Table.Th>
              <Table.Th>MAC address</Table.Th>
              <Table.Th>From</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.map((a) => (
              <Table.Tr key={`${a.mac}-${a.address}`}>
                <Table.Td ff="monospace">{a.address}</Table.Td>
                <Table.Td>{a.interface}</Table.Td>
                <Table.Td ff="monospace">{a.mac}</Table.Td>
                <Table.Td>{SOURCE_WORDS[a.source]}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </SectionCard>
  )
}
