import { Alert, Button, Card, Group, Loader, Table, Text, Title } from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import type { StoragePool, StorageVolume } from '@shared/storage.js'
import { useDeleteVolume, useVolumes } from '../api/useStorage'
import { ErrorDetails } from '../notify/ErrorDetails'
import { notifyFailure, notifySuccess } from '../notify/notify'
import { ConfirmDialog } from '../ui/ConfirmDialog'
import { formatBytes } from '../vms/format'
import { CreateVolumeDialog } from './CreateVolumeDialog'

export function VolumesCard({ hostId, pool }: { hostId: string; pool: StoragePool }): JSX.Element {
  const volumes = useVolumes(hostId, pool.active ? pool.name : null)
  const remove = useDeleteVolume()
  const [creating, setCreating] = useState(false)
  const [deleting, setDeleting] = useState<StorageVolume | null>(null)

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
        <Button size="compact-sm" onClick={() => setCreating(true)} disabled={!pool.active}>
          New volume
        </Button>
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
        <Table.ScrollContainer minWidth={640}>
          <Table aria-label={`Volumes in ${pool.name}`} verticalSpacing={6}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Format</Table.Th>
                <Table.Th ta="right">Allocated</Table.Th>
                <Table.Th ta="right">Size</Table.Th>
                <Table.Th>Path</Table.Th>
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
                  <Table.Td ta="right">
                    <Button
                      size="compact-sm"
                      variant="subtle"
                      color="red"
                      onClick={() => setDeleting(volume)}
                      aria-label={`Delete ${volume.name}`}
                    >
                      Delete
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
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
            {deleting.path} ({formatBytes(deleting.capacity)}) is deleted with everything in it. A VM that
            uses it will not start any more.
          </Text>
        </ConfirmDialog>
      )}
    </Card>
  )
}
