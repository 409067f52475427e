import { Badge, Button, Group, Stack, Switch, Table, Text } from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import type { HardwareView, HwEdit, HwNic } from '@shared/vm-hardware.js'
import { SectionCard } from '../ui/SectionCard'
import { NicDialog } from './NicDialog'

interface Props {
  view: HardwareView
  onPreview(edit: HwEdit): void
}

/** Network cards: add, edit (network or bridge, model, MAC), remove, and the link (live while running). */
export function NicsCard({ view, onPreview }: Props): JSX.Element {
  const [dialog, setDialog] = useState<{ nic?: HwNic } | null>(null)
  const preview = (edit: HwEdit): void => {
    setDialog(null)
    onPreview(edit)
  }
  return (
    <SectionCard title="Network cards">
      <Stack gap="sm">
        {view.nics.length === 0 ? (
          <Text size="sm" c="dimmed">
            No network cards.
          </Text>
        ) : (
          <Table striped aria-label="Network cards">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>MAC</Table.Th>
                <Table.Th>Connected to</Table.Th>
                <Table.Th>Model</Table.Th>
                <Table.Th>Link</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {view.nics.map((nic) => (
                <Table.Tr key={nic.mac} aria-label={`Network card ${nic.mac}`}>
                  <Table.Td>
                    <Group gap={6}>
                      <Text size="sm" ff="monospace">
                        {nic.mac}
                      </Text>
                      {nic.bootOrder !== undefined && <Badge variant="outline">boot {nic.bootOrder}</Badge>}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    {nic.type} {nic.source ?? ''}
                  </Table.Td>
                  <Table.Td>{nic.model ?? 'default'}</Table.Td>
                  <Table.Td>
                    <Switch
                      checked={nic.linkUp}
                      onChange={(e) =>
                        onPreview({ kind: 'nic.update', mac: nic.mac, linkUp: e.currentTarget.checked })
                      }
                      label={nic.linkUp ? 'up' : 'down'}
                      aria-label={`Link of ${nic.mac}`}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      <Button
                        size="compact-sm"
                        variant="default"
                        onClick={() => setDialog({ nic })}
                        aria-label={`Edit NIC ${nic.mac}…`}
                      >
                        Edit…
                      </Button>
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        color="red"
                        onClick={() => onPreview({ kind: 'nic.remove', mac: nic.mac })}
                        aria-label={`Remove NIC ${nic.mac}…`}
                      >
                        Remove…
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Button variant="default" w="fit-content" onClick={() => setDialog({})}>
          Add network card…
        </Button>
      </Stack>
      {dialog !== null && (
        <NicDialog
          view={view}
          {...(dialog.nic === undefined ? {} : { nic: dialog.nic })}
          onClose={() => setDialog(null)}
          onPreview={preview}
        />
      )}
    </SectionCard>
  )
}
