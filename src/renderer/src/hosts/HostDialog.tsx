import { Modal } from '@mantine/core'
import type { JSX } from 'react'
import type { HostView } from '@shared/hosts.js'
import { HostForm } from './HostForm'

interface Props {
  opened: boolean
  /** The host to edit; absent to add a new one. */
  host?: HostView | undefined
  onClose(): void
  onSaved(host: HostView): void
}

/** "Add host" / "Edit host". Closing it discards the draft; a failure never does. */
export function HostDialog({ opened, host, onClose, onSaved }: Props): JSX.Element {
  return (
    <Modal
      stackId={host ? `edit-host:${host.id}` : 'add-host'}
      opened={opened}
      onClose={onClose}
      title={host ? 'Edit host' : 'Add host'}
      size="lg"
      closeOnClickOutside={false}
    >
      <HostForm host={host} onCancel={onClose} onSaved={onSaved} />
    </Modal>
  )
}
