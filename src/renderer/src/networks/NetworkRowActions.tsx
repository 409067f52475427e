import { Button, Group, Text } from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import type { AppError } from '@shared/errors.js'
import type { NetworkSpec } from '@shared/network-create.js'
import type { VirtualNetwork } from '@shared/networks.js'
import { useNetworkAdmin } from '../api/useNetworkAdmin'
import { invoke } from '../api/virtdeck'
import { notifyFailure, notifySuccess } from '../notify/notify'
import { ConfirmDialog } from '../ui/ConfirmDialog'
import { NetworkDialog } from './NetworkDialog'

/** Edit (the form, from the network's definition) and Delete (confirmed; refused while VMs use it, naming them). */
export function NetworkRowActions({
  hostId,
  network,
}: {
  hostId: string
  network: VirtualNetwork
}): JSX.Element {
  const remove = useNetworkAdmin('networks.delete')
  const [confirming, setConfirming] = useState(false)
  const [editing, setEditing] = useState<NetworkSpec | null>(null)
  const [loading, setLoading] = useState(false)
  const id = `network:${hostId}/${network.name}`
  const openEdit = (): void => {
    setLoading(true)
    invoke('networks.spec', { hostId, name: network.name })
      .then(setEditing, (error: unknown) =>
        notifyFailure({ id, title: `Cannot edit ${network.name} here`, error: error as AppError }),
      )
      .finally(() => setLoading(false))
  }
  return (
    <Group gap={4} justify="flex-end" wrap="nowrap">
      <Button
        size="compact-sm"
        variant="subtle"
        onClick={openEdit}
        loading={loading}
        aria-label={`Edit ${network.name}`}
      >
        Edit
      </Button>
      <Button
        size="compact-sm"
        variant="subtle"
        color="red"
        onClick={() => setConfirming(true)}
        aria-label={`Delete the network ${network.name}`}
      >
        Delete
      </Button>
      {editing !== null && (
        <NetworkDialog hostId={hostId} existing={editing} onClose={() => setEditing(null)} />
      )}
      {confirming && (
        <ConfirmDialog
          opened
          title={`Delete the network ${network.name}?`}
          confirmLabel="Delete network"
          danger
          busy={remove.isPending}
          onClose={() => setConfirming(false)}
          onConfirm={() =>
            remove.mutate(
              { hostId, name: network.name },
              {
                onSuccess: () =>
                  notifySuccess(id, `Deleted the network ${network.name}`, 'libvirt no longer has it.'),
                onError: (error) => notifyFailure({ id, title: `Could not delete ${network.name}`, error }),
                onSettled: () => setConfirming(false),
              },
            )
          }
        >
          <Text size="sm">
            {network.active ? 'The network is stopped and ' : 'The network is '}removed from libvirt. A VM
            still connected to it keeps it from being deleted (VirtDeck names it).
          </Text>
        </ConfirmDialog>
      )}
    </Group>
  )
}
