import { Card, Table } from '@mantine/core'
import type { JSX } from 'react'
import type { HostView } from '@shared/hosts.js'
import { useNetworkChange, useNetworks } from '../api/useNetworks'
import { AutostartSwitch } from '../ui/AutostartSwitch'
import { Dash } from '../ui/Dash'
import { LibvirtListPanel } from '../ui/LibvirtListPanel'
import { lifecycleActions } from '../ui/lifecycleActions'
import { StartStopButton } from '../ui/StartStopButton'

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
  return (
    <LibvirtListPanel
      host={host}
      title="Networks"
      what="networks"
      query={networks}
      empty={`No virtual networks on ${host.name}. VMs can still use a bridge on the host.`}
    >
      {(list) => (
        <Card withBorder padding="lg">
          <Table.ScrollContainer minWidth={760}>
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
                    <Table.Td fw={600}>{n.name}</Table.Td>
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
                      <StartStopButton object={n} actions={actions} />
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
