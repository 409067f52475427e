import { Text } from '@mantine/core'
import type { JSX } from 'react'
import type { DomainSummary } from '@shared/vms.js'
import { ConfirmDialog } from '../ui/ConfirmDialog'

/** Force off asks first: it is pulling the plug. */
export function ForceOffDialog({
  vm,
  onConfirm,
  onClose,
}: {
  vm: DomainSummary
  onConfirm(): void
  onClose(): void
}): JSX.Element {
  return (
    <ConfirmDialog
      opened
      title={`Force off ${vm.name}?`}
      confirmLabel="Force off"
      danger
      onConfirm={onConfirm}
      onClose={onClose}
    >
      <Text size="sm">
        Like pulling the plug: the guest gets no chance to save its work or close its files. Use Shut down
        when the guest can still respond.
      </Text>
    </ConfirmDialog>
  )
}
