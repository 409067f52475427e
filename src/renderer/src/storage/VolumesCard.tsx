import { Alert, Button, Card, Group, Loader, Menu, Table, Text, Title } from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import type { StoragePool, StorageVolume } from '@shared/storage.js'
import { useDeleteVolume, useVolumes } from '../api/useStorage'
import { useVolumeUsers } from '../api/useStorageAdmin'
import { ErrorDetails } from '../notify/ErrorDetails'
import { notifyFailure, notifySuccess } from '../notify/notify'
import { ConfirmDialog } from '../ui/ConfirmDialog'
import { formatBytes } from '../vms/format'
import { CreateVolumeDialog } from './CreateVolumeDialog'
import { ResizeVolumeDialog } from './ResizeVolumeDialog'
import { VolumeCopyDialog } from './VolumeCopyDialog'
import type { CopyKind } from './VolumeCopyDialog'

export function VolumesCard({ hostId, pool }: { hostId: string; pool: StoragePool }): JSX.Element {
  const volumes = useVolumes(hostId, pool.active ? pool.name : null)
  const remove = useDeleteVolume()
  const [creating, setCreating] = useState(false)
  const [deleting, setDeleting] = useState<StorageVolume | null>(null)
  const [resizing, setResizing] = useState<StorageVolume | null>(null)
  const [copying, setCopying] = useState<{ kind: CopyKind; volume?: StorageVolume } | null>(null)
  const users = useVolumeUsers(hostId, pool.active ? pool.name : null)
  const usersOf = (name: string): string[] =>
    users.data
      ?.find((u) => u.name === name)
      ?.users.map((u) => `${u.vm} (${u.target}${u.running ? ', running' : ''})`) ?? []

  const confirmDelete = (volume: StorageVolume): void =>
    remove.mutate(
      { hostId, pool: pool.name, name: volume.name },
      {
        onSuccess: () =>
          notifySuccess(`volume:${hostId}/${pool.name}`, `Deleted ${volume.name}`, `${volume.path} is gone.`),
        onError: (error) =>
          notifyFailure({
            id: `volume:${hostId}/${pool.name}`,
            title: `Could not delete ${volume.name}`,
            error,
          }),
        onSettled: () => setDeleting(null),
      },
    )

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="volumes-title">
      <Group justify="space-between" mb="sm">
        <Title order={3} size="h5" id="volumes-title">
          Volumes in {pool.name}
        </Title>
        <Group gap="xs">
          <Button
            size="compact-sm"
            variant="default"
            onClick={() => setCopying({ kind: 'upload' })}
            disabled={!pool.active}
          >
            Upload file
          </Button>
          <Button size="compact-sm" onClick={() => setCreating(true)} disabled={!pool.active}>
            New volume
          </Button>
        </Group>
      </Group>
      {!pool.active && (
        <Text size="sm" c="dimmed">
          Start the pool to see its volumes.
        </Text>
      )}
      {volumes.isFetching && volumes.data === undefined && <Loader size="sm" aria-label="Loading volumes" />}
      {volumes.error !== null && (
        <Alert color="red" title="Could not list the volumes">
          <ErrorDetails error={volumes.error} />
        </Alert>
      )}
      {volumes.data?.length === 0 && (
        <Text size="sm" c="dimmed">
          No volumes yet. Create one with New volume, or let the New virtual machine wizard make its disk
          here.
        </Text>
      )}
      {volumes.data !== undefined && volumes.data.length > 0 && (
        <Table.ScrollContainer minWidth={800}>
          <Table aria-label={`Volumes in ${pool.name}`} verticalSpacing={6}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Format</Table.Th>
                <Table.Th ta="right">Allocated</Table.Th>
                <Table.Th ta="right">Size</Table.Th>
                <Table.Th>Path</Table.Th>
                <Table.Th>Used by</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {volumes.data.map((volume) => (
                <Table.Tr key={volume.name}>
                  <Table.Td fw={600}>{volume.name}</Table.Td>
                  <Table.Td>{volume.format ?? volume.type}</Table.Td>
                  <Table.Td ta="right">{formatBytes(volume.allocation)}</Table.Td>
                  <Table.Td ta="right">{formatBytes(volume.capacity)}</Table.Td>
                  <Table.Td ff="monospace" fz="xs" style={{ wordBreak: 'break-all' }}>
                    {volume.path}
                  </Table.Td>
                  <Table.Td fz="xs">
                    {usersOf(volume.name).length === 0 ? (
                      <Text size="xs" c="dimmed">
                        no VM
                      </Text>
                    ) : (
                      usersOf(volume.name).join(', ')
                    )}
                  </Table.Td>
                  <Table.Td ta="right">
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      <Menu position="bottom-end" withinPortal>
                        <Menu.Target>
                          <Button
                            size="compact-sm"
                            variant="subtle"
                            aria-label={`More actions for ${volume.name}`}
                          >
                            More
                          </Button>
                        </Menu.Target>
                        <Menu.Dropdown>
                          <Menu.Item onClick={() => setResizing(volume)}>Resize…</Menu.Item>
                          <Menu.Item onClick={() => setCopying({ kind: 'clone', volume })}>Clone…</Menu.Item>
                          <Menu.Item onClick={() => setCopying({ kind: 'download', volume })}>
                            Download…
                          </Menu.Item>
                        </Menu.Dropdown>
                      </Menu>
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        color="red"
                        onClick={() => setDeleting(volume)}
                        aria-label={`Delete ${volume.name}`}
                      >
                        Delete
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {resizing !== null && (
        <ResizeVolumeDialog hostId={hostId} volume={resizing} onClose={() => setResizing(null)} />
      )}
      {copying !== null && (
        <VolumeCopyDialog
          hostId={hostId}
          pool={pool.name}
          kind={copying.kind}
          {...(copying.volume === undefined ? {} : { volume: copying.volume })}
          onClose={() => setCopying(null)}
        />
      )}
      {creating && <CreateVolumeDialog hostId={hostId} pool={pool.name} onClose={() => setCreating(false)} />}
      {deleting !== null && (
        <ConfirmDialog
          opened
          title={`Delete ${deleting.name}?`}
          confirmLabel="Delete"
          danger
          busy={remove.isPending}
          onConfirm={() => confirmDelete(deleting)}
          onClose={() => setDeleting(null)}
        >
          <Text size="sm">
            {deleting.path} ({formatBytes(deleting.capacity)}) is deleted with everything in it.{' '}
            {usersOf(deleting.name).length > 0
              ? `It is a disk of ${usersOf(deleting.name).join(', ')}: that VM will not start any more.`
              : 'No VM uses it.'}
          </Text>
        </ConfirmDialog>
      )}
    </Card>
  )
}
