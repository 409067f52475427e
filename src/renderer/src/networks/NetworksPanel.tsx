import { Button, Card, Group, Table, UnstyledButton } from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import type { HostView } from '@shared/hosts.js'
import { useNetworkChange, useNetworks } from '../api/useNetworks'
import { AutostartSwitch } from '../ui/AutostartSwitch'
import { Dash } from '../ui/Dash'
import { LibvirtListPanel } from '../ui/LibvirtListPanel'
import { lifecycleActions } from '../ui/lifecycleActions'
import { StartStopButton } from '../ui/StartStopButton'
import { LeasesCard } from './LeasesCard'
import { NetworkDialog } from './NetworkDialog'
import { NetworkRowActions } from './NetworkRowActions'

const FORWARD_WORDS: Record<string, string> = {
  nat: 'NAT',
  route: 'Routed',
  bridge: 'Bridge',
  open: 'Open',
  isolated: 'Isolated',
  passthrough: 'Passthrough',
  private: 'Private',
  vepa: 'VEPA',
  hostdev: 'Host device',
}

/** libvirt's virtual networks: state, autostart, bridge, forward mode, DHCP range; start, stop, autostart. */
export function NetworksPanel({ host }: { host: HostView }): JSX.Element {
  const networks = useNetworks(host.id)
  const actions = lifecycleActions(useNetworkChange(), host.id, 'network')
  const [creating, setCreating] = useState(false)
  const [chosen, setChosen] = useState<string | null>(null)
  const network = networks.data?.find((n) => n.name === chosen)
  return (
    <LibvirtListPanel
      host={host}
      title="Networks"
      what="networks"
      query={networks}
      empty={`No virtual networks on ${host.name}. Create one with New network (NAT suits most VMs); VMs can also use a bridge on the host.`}
      footer={
        <>
          <Group>
            <Button onClick={() => setCreating(true)}>New network</Button>
          </Group>
          {network !== undefined && <LeasesCard key={network.name} hostId={host.id} network={network} />}
          {creating && <NetworkDialog hostId={host.id} onClose={() => setCreating(false)} />}
        </>
      }
    >
      {(list) => (
        <Card withBorder padding="lg">
          <Table.ScrollContainer minWidth={900}>
            <Table aria-label="Virtual networks" verticalSpacing={8}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>State</Table.Th>
                  <Table.Th>Autostart</Table.Th>
                  <Table.Th>Bridge</Table.Th>
                  <Table.Th>Forward mode</Table.Th>
                  <Table.Th>Address</Table.Th>
                  <Table.Th>DHCP range</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((n) => (
                  <Table.Tr key={n.name}>
                    <Table.Td>
                      <UnstyledButton
                        fw={600}
                        fz="sm"
                        onClick={() => setChosen(n.name)}
                        aria-label={`Show the DHCP leases of ${n.name}`}
                      >
                        {n.name}
                      </UnstyledButton>
                    </Table.Td>
                    <Table.Td>{n.active ? 'Active' : 'Inactive'}</Table.Td>
                    <Table.Td>
                      <AutostartSwitch object={n} actions={actions} />
                    </Table.Td>
                    <Table.Td ff="monospace">{n.bridge ?? <Dash />}</Table.Td>
                    <Table.Td>{FORWARD_WORDS[n.forwardMode] ?? n.forwardMode}</Table.Td>
                    <Table.Td ff="monospace">{n.ipAddress ?? <Dash />}</Table.Td>
                    <Table.Td ff="monospace" fz="xs">
                      {n.dhcpRanges.length === 0 ? (
                        <Dash />
                      ) : (
                        n.dhcpRanges.map((r) => `${r.start} – ${r.end}`).join(', ')
                      )}
                    </Table.Td>
                    <Table.Td ta="right">
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        <StartStopButton object={n} actions={actions} />
                        <NetworkRowActions hostId={host.id} network={n} />
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
    </LibvirtListPanel>
  )
}
