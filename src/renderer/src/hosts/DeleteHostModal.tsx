import { Button, Group, Modal, Stack, Text } from '@mantine/core'
import type { JSX } from 'react'
import type { HostView } from '@shared/hosts.js'

interface Props {
  host: HostView
  opened: boolean
  deleting: boolean
  onCancel(): void
  onConfirm(): void
}

export function DeleteHostModal({ host, opened, deleting, onCancel, onConfirm }: Props): JSX.Element {
  return (
    <Modal stackId={`delete-host:${host.id}`} opened={opened} onClose={onCancel} title="Delete host" centered>
      <Stack gap="md">
        <Text size="sm">
          Delete <strong>{host.name}</strong> from VirtDeck? Its connection settings and any saved password or
          passphrase are removed. Nothing on the machine itself is changed: its virtual machines and
          containers stay as they are.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel} disabled={deleting} data-autofocus>
            Cancel
          </Button>
          <Button color="red" onClick={onConfirm} loading={deleting}>
            {`Delete ${host.name}`}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
