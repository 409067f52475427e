import { Alert, Button, Group, Modal, Progress, Stack, Text } from '@mantine/core'
import type { JSX, ReactNode } from 'react'
import type { Progress as ProgressEvent } from '@shared/protocol.js'
import type { AppError } from '@shared/errors.js'
import { ErrorDetails } from '../../notify/ErrorDetails'

/** The change the dialog runs: a streaming call (useStreamingCall) — pending, its progress, its error, cancel. */
export interface RunningCall {
  mutation: { isPending: boolean; error: AppError | null }
  progress: ProgressEvent | null
  /** Asks main to stop the running action. */
  cancel(): void
}

interface Props {
  opened: boolean
  title: string
  children: ReactNode
  confirmLabel: string
  call: RunningCall
  onConfirm(): void
  /** Closes the dialog (not while running). */
  onClose(): void
  danger?: boolean
}

/** "Are you sure" for a change to a host, then its progress (cancellable) and its failure, in one dialog. */
export function ConfirmModal(props: Props): JSX.Element {
  const { progress, cancel } = props.call
  const { isPending: running, error } = props.call.mutation
  return (
    <Modal
      opened={props.opened}
      onClose={() => !running && props.onClose()}
      title={props.title}
      size="lg"
      closeOnClickOutside={!running}
      closeOnEscape={!running}
      withCloseButton={!running}
    >
      <Stack gap="md">
        {props.children}
        <Text size="sm" c="dimmed">
          VirtDeck may ask for your password: the change runs as root (sudo or pkexec).
        </Text>
        {running && (
          <Stack gap={4} role="status" aria-live="polite">
            <Text size="sm">{progress?.message ?? 'Starting…'}</Text>
            <Progress value={(progress?.fraction ?? 0.02) * 100} aria-label="Progress" animated />
          </Stack>
        )}
        {error !== null && !running && error.code !== 'CANCELLED' && (
          <Alert color="red" title="It did not work" role="alert">
            <ErrorDetails error={error} />
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          {running ? (
            <Button variant="default" onClick={cancel}>
              Cancel
            </Button>
          ) : (
            <Button variant="default" onClick={props.onClose}>
              Close
            </Button>
          )}
          <Button
            {...(props.danger ? { color: 'red' } : {})}
            onClick={props.onConfirm}
            loading={running}
            disabled={running}
          >
            {props.confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
