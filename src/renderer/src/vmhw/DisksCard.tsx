import { Badge, Button, Group, Stack, Table, Text } from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import type { HardwareView, HwEdit } from '@shared/vm-hardware.js'
import { SectionCard } from '../ui/SectionCard'
import { AddDiskModal } from './AddDiskModal'
import { DiskDialogs } from './DiskDialogs'
import type { DiskDialog } from './DiskDialogs'

interface Props {
  view: HardwareView
  onPreview(edit: HwEdit): void
}

/** Disks and CD-ROM drives: add, bus and cache, grow, remove; insert and eject discs (live while running). */
export function DisksCard({ view, onPreview }: Props): JSX.Element {
  const [adding, setAdding] = useState(false)
  const [dialog, setDialog] = useState<DiskDialog | null>(null)
  const preview = (edit: HwEdit): void => {
    setAdding(false)
    setDialog(null)
    onPreview(edit)
  }
  return (
    <SectionCard title="Disks and CD-ROM drives">
      <Stack gap="sm">
        {view.disks.length === 0 ? (
          <Text size="sm" c="dimmed">
            No disks: the VM boots from the network or not at all.
          </Text>
        ) : (
          <Table striped aria-label="Disks">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Device</Table.Th>
                <Table.Th>Source</Table.Th>
                <Table.Th>Bus</Table.Th>
                <Table.Th>Format · cache</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {view.disks.map((disk) => (
                <Table.Tr
                  key={disk.target}
                  aria-label={`${disk.device === 'cdrom' ? 'CD-ROM' : 'Disk'} ${disk.target}`}
                >
                  <Table.Td>
                    <Group gap={6}>
                      <Text size="sm" ff="monospace">
                        {disk.target}
                      </Text>
                      {disk.device === 'cdrom' && <Badge variant="light">CD-ROM</Badge>}
                      {disk.bootOrder !== undefined && <Badge variant="outline">boot {disk.bootOrder}</Badge>}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" style={{ wordBreak: 'break-all' }}>
                      {disk.source ?? (disk.device === 'cdrom' ? 'empty' : '—')}
                    </Text>
                  </Table.Td>
                  <Table.Td>{disk.bus}</Table.Td>
                  <Table.Td>
                    {disk.format ?? '—'} · {disk.cache ?? 'default'}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      {disk.device === 'cdrom' && disk.source === undefined && (
                        <Button
                          size="compact-sm"
                          variant="default"
                          onClick={() => setDialog({ kind: 'insert', disk })}
                        >
                          Insert…
                        </Button>
                      )}
                      {disk.device === 'cdrom' && disk.source !== undefined && (
                        <Button
                          size="compact-sm"
                          variant="default"
                          onClick={() => onPreview({ kind: 'cdrom.media', target: disk.target, path: null })}
                        >
                          Eject
                        </Button>
                      )}
                      {disk.device === 'disk' && (
                        <Button
                          size="compact-sm"
                          variant="default"
                          onClick={() => setDialog({ kind: 'grow', disk })}
                        >
                          Grow…
                        </Button>
                      )}
                      <Button
                        size="compact-sm"
                        variant="default"
                        onClick={() => setDialog({ kind: 'settings', disk })}
                        aria-label={`Settings of disk ${disk.target}…`}
                      >
                        Settings…
                      </Button>
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        color="red"
                        onClick={() => setDialog({ kind: 'remove', disk })}
                        aria-label={`Remove disk ${disk.target}…`}
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
        <Group gap="sm">
          <Button variant="default" onClick={() => setAdding(true)}>
            Add disk…
          </Button>
          <Button variant="default" onClick={() => onPreview({ kind: 'cdrom.add', bus: 'sata' })}>
            Add CD-ROM drive
          </Button>
        </Group>
      </Stack>
      {adding && <AddDiskModal view={view} onClose={() => setAdding(false)} onPreview={preview} />}
      {dialog !== null && (
        <DiskDialogs
          dialog={dialog}
          hostId={view.hostId}
          vm={view.vm}
          running={view.running}
          isos={view.host.isos ?? []}
          onClose={() => setDialog(null)}
          onPreview={preview}
        />
      )}
    </SectionCard>
  )
}
