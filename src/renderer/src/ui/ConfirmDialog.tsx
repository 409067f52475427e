import { Button, Group, Modal, Stack } from '@mantine/core'
import type { JSX, ReactNode } from 'react'

interface Props {
  opened: boolean
  title: string
  children: ReactNode
  confirmLabel: string
  danger?: boolean
  busy?: boolean
  /** Disables the confirm button (e.g. nothing chosen yet). */
  disabled?: boolean
  onConfirm(): void
  onClose(): void
}

/** "Are you sure": what will happen in words, Cancel (focused first) and the action's own name on the button. */
export function ConfirmDialog(props: Props): JSX.Element {
  return (
    <Modal
      opened={props.opened}
      onClose={() => props.busy !== true && props.onClose()}
      title={props.title}
      size="lg"
      closeOnClickOutside={props.busy !== true}
    >
      <Stack gap="md">
        {props.children}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={props.onClose} disabled={props.busy === true} data-autofocus>
            Cancel
          </Button>
          <Button
            {...(props.danger === true ? { color: 'red' } : {})}
            onClick={props.onConfirm}
            loading={props.busy === true}
            disabled={props.disabled === true}
          >
            {props.confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
