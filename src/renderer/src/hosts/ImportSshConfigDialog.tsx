import { Modal } from '@mantine/core'
import type { JSX } from 'react'
import type { HostView } from '@shared/hosts.js'
import { ImportSshConfigForm } from './ImportSshConfigForm'

interface Props {
  opened: boolean
  hosts: readonly HostView[]
  onClose(): void
}

export function ImportSshConfigDialog({ opened, hosts, onClose }: Props): JSX.Element {
  return (
    <Modal
      stackId="import-ssh-config"
      opened={opened}
      onClose={onClose}
      title="Import from SSH config"
      size="lg"
    >
      <ImportSshConfigForm hosts={hosts} onDone={onClose} />
    </Modal>
  )
}
