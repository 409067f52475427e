import { Alert, Badge, Group, List, Stack, Table, Text, Title } from '@mantine/core'
import type { JSX } from 'react'
import type { GpuReport } from '@shared/passthrough.js'

export function short(address: string): string {
  return address.startsWith('0000:') ? address.slice(5) : address
}

const VIABILITY: Record<GpuReport['viability'], { color: string; text: string }> = {
  viable: { color: 'teal', text: 'Group viable' },
  blocked: { color: 'red', text: 'Blocked' },
  'no-iommu': { color: 'orange', text: 'IOMMU off' },
}

/** The badges beside a card's name: viability, host display, vfio-pci. */
export function GpuBadges({ gpu }: { gpu: GpuReport }): JSX.Element {
  const v = VIABILITY[gpu.viability]
  const display = gpu.hostDisplay.bootVga || gpu.hostDisplay.connectedOutputs.length > 0
  return (
    <Group gap={4}>
      <Badge variant="light" color={v.color}>
        {v.text}
      </Badge>
      {display && (
        <Badge variant="light" color="yellow">
          Host display
        </Badge>
      )}
      {gpu.boundToVfio && (
        <Badge variant="light" color="blue">
          On vfio-pci
        </Badge>
      )}
    </Group>
  )
}

/** One card in words: its functions, its IOMMU group(s) with everything in them, blockers, options, warnings. */
export function GpuDetails({ gpu }: { gpu: GpuReport }): JSX.Element {
  const display = gpu.hostDisplay
  return (
    <Stack gap="sm" component="section" aria-label={`Details of ${short(gpu.address)}`}>
      <Text size="sm">
        {display.bootVga || display.connectedOutputs.length > 0
          ? `The host displays on this card${display.bootVga ? ' (it showed the boot screen)' : ''}${display.connectedOutputs.length > 0 ? `; connected outputs: ${display.connectedOutputs.join(', ')}` : ''}${display.displayDriver === undefined ? '' : `; driver ${display.displayDriver}`}.`
          : `The host does not display on this card (driver now: ${gpu.driver ?? 'none'}).`}
      </Text>
      <Title order={4} size="h6">
        Functions of the card (all are passed through together)
      </Title>
      <List size="sm" spacing={2}>
        {gpu.functions.map((f) => (
          <List.Item key={f.address}>
            {short(f.address)} — {f.label} [{f.vendorId}:{f.deviceId}] · driver {f.driver ?? 'none'}
          </List.Item>
        ))}
      </List>
      {gpu.groups.map((group) => (
        <Stack gap={4} key={group.id}>
          <Title order={4} size="h6">
            IOMMU group {group.id}
          </Title>
          <Table striped withTableBorder fz="sm" aria-label={`IOMMU group ${group.id}`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Address</Table.Th>
                <Table.Th>Device</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Driver</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {group.members.map((m) => (
                <Table.Tr key={m.address}>
                  <Table.Td>{short(m.address)}</Table.Td>
                  <Table.Td>{m.label}</Table.Td>
                  <Table.Td>
                    {m.role === 'gpu-function'
                      ? 'passed through'
                      : m.role === 'bridge'
                        ? 'bridge (fine)'
                        : 'blocks the group'}
                  </Table.Td>
                  <Table.Td>{m.driver ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      ))}
      {gpu.blockers.length > 0 && (
        <Alert color="red" title="Why this card cannot be passed through now" role="alert">
          <List size="sm" spacing={2}>
            {gpu.blockers.map((b) => (
              <List.Item key={b}>{b}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      {gpu.options.length > 0 && (
        <Alert color="gray" title="What you can do">
          <List size="sm" spacing={2}>
            {gpu.options.map((o) => (
              <List.Item key={o}>{o}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      {gpu.warnings.map((w) => (
        <Alert color="yellow" key={w} title="Warning">
          {w}
        </Alert>
      ))}
      {gpu.blockers.length === 0 && (
        <Text size="sm" c="teal.8">
          No blockers: every device in the group goes with the card or is a bridge.
        </Text>
      )}
    </Stack>
  )
}
