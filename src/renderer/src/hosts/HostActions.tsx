import { Button, Group } from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import type { HostView } from '@shared/hosts.js'
import { useConnectHost, useDisconnectHost, useRemoveHost } from '../api/useHostMutations'
import { notifyFailure, notifySuccess } from '../notify/notify'
import { DeleteHostModal } from './DeleteHostModal'
import { HostDialog } from './HostDialog'

interface Props {
  host: HostView
  testing: boolean
  onTest(): void
  onDeleted(id: string): void
}

/** Connect / Disconnect / Test connection / Edit / Delete; each marks itself busy while it runs. */
export function HostActions({ host, testing, onTest, onDeleted }: Props): JSX.Element {
  const connect = useConnectHost()
  const disconnect = useDisconnectHost()
  const remove = useRemoveHost()
  const [editing, setEditing] = useState(false)
  const [deleting, setDeleting] = useState(false)
  const { status } = host.state

  const onConnect = (): void =>
    connect.mutate(host.id, {
      onError: (error) =>
        notifyFailure({ id: `connect:${host.id}`, title: `Could not connect to ${host.name}`, error }),
    })
  const onDisconnect = (): void =>
    disconnect.mutate(host.id, {
      onError: (error) =>
        notifyFailure({
          id: `disconnect:${host.id}`,
          title: `Could not disconnect from ${host.name}`,
          error,
        }),
    })
  const onDelete = (): void =>
    remove.mutate(host.id, {
      onSuccess: () => {
        setDeleting(false)
        notifySuccess(`delete:${host.id}`, 'Host deleted', `${host.name} was removed from VirtDeck.`)
        onDeleted(host.id)
      },
      onError: (error) => {
        setDeleting(false)
        notifyFailure({ id: `delete:${host.id}`, title: `Could not delete ${host.name}`, error })
      },
    })

  return (
    <Group gap="sm">
      <Button onClick={onConnect} loading={connect.isPending} disabled={status === 'connected'}>
        Connect
      </Button>
      <Button
        variant="default"
        onClick={onDisconnect}
        loading={disconnect.isPending}
        disabled={status === 'disconnected'}
      >
        Disconnect
      </Button>
      <Button variant="default" onClick={onTest} loading={testing}>
        Test connection
      </Button>
      <Button variant="default" onClick={() => setEditing(true)}>
        Edit
      </Button>
      {/* "This computer" stays: main refuses to delete it. */}
      {host.id !== 'local' && (
        <Button variant="light" color="red" onClick={() => setDeleting(true)} loading={remove.isPending}>
          Delete
        </Button>
      )}
      <HostDialog
        opened={editing}
        host={host}
        onClose={() => setEditing(false)}
        onSaved={() => setEditing(false)}
      />
      <DeleteHostModal
        host={host}
        opened={deleting}
        deleting={remove.isPending}
        onCancel={() => setDeleting(false)}
        onConfirm={onDelete}
      />
    </Group>
  )
}
