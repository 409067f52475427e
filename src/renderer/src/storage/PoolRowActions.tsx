import { Button, Group, Text } from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import type { StoragePool } from '@shared/storage.js'
import { usePoolAdmin } from '../api/useStorageAdmin'
import { notifyFailure, notifySuccess } from '../notify/notify'
import { ConfirmDialog } from '../ui/ConfirmDialog'

/** Refresh (rescan the volumes) and Delete (confirmed; main refuses while a VM uses a volume, naming it). */
export function PoolRowActions({ hostId, pool }: { hostId: string; pool: StoragePool }): JSX.Element {
  const refresh = usePoolAdmin('pools.refresh')
  const remove = usePoolAdmin('pools.delete')
  const [confirming, setConfirming] = useState(false)
  const id = `pool:${hostId}/${pool.name}`
  return (
    <Group gap={4} justify="flex-end" wrap="nowrap">
      <Button
        size="compact-sm"
        variant="subtle"
        disabled={!pool.active}
        loading={refresh.isPending}
        aria-label={`Rescan ${pool.name}`}
        onClick={() =>
          refresh.mutate(
            { hostId, name: pool.name },
            { onError: (error) => notifyFailure({ id, title: `Could not rescan ${pool.name}`, error }) },
          )
        }
      >
        Rescan
      </Button>
      <Button
        size="compact-sm"
        variant="subtle"
        color="red"
        aria-label={`Delete the pool ${pool.name}`}
        onClick={() => setConfirming(true)}
      >
        Delete
      </Button>
      {confirming && (
        <ConfirmDialog
          opened
          title={`Delete the pool ${pool.name}?`}
          confirmLabel="Delete pool"
          danger
          busy={remove.isPending}
          onClose={() => setConfirming(false)}
          onConfirm={() =>
            remove.mutate(
              { hostId, name: pool.name },
              {
                onSuccess: () =>
                  notifySuccess(id, `Deleted the pool ${pool.name}`, 'Its volumes stay on disk.'),
                onError: (error) => notifyFailure({ id, title: `Could not delete ${pool.name}`, error }),
                onSettled: () => setConfirming(false),
              },
            )
          }
        >
          <Text size="sm">
            libvirt stops and forgets the pool. Its volumes stay on disk
            {pool.path !== undefined ? ` in ${pool.path}` : ''}; a VM still using one of them keeps the pool
            from being deleted.
          </Text>
        </ConfirmDialog>
      )}
    </Group>
  )
}
