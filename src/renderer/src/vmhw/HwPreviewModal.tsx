import { Alert, Button, Group, List, Loader, Modal, Progress, Stack, Text, Title } from '@mantine/core'
import type { JSX } from 'react'
import type { HwApplyResult, HwEdit } from '@shared/vm-hardware.js'
import { ErrorDetails } from '../notify/ErrorDetails'
import { DiffView } from '../ui/DiffView'
import type { StreamingCall } from '../api/useStreamingCall'

interface Props {
  opened: boolean
  hostId: string
  edit: HwEdit | null
  preview: StreamingCall<'vmhw.preview'>
  apply: StreamingCall<'vmhw.apply'>
  onClose(): void
  onApplied(result: HwApplyResult): void
}

function danger(edit: HwEdit | null): boolean {
  return (edit?.kind === 'disk.remove' && edit.deleteVolume) || removesPassword(edit)
}

function removesPassword(edit: HwEdit | null): boolean {
  return edit?.kind === 'graphics' && edit.removePassword === true
}

function confirmLabel(edit: HwEdit | null): string {
  if (removesPassword(edit)) return 'Remove the password'
  return danger(edit) ? 'Remove and delete the volume' : 'Apply'
}

/**
 * One hardware edit before it happens: what it does in words, the XML diff (a password as dots),
 * libvirt's verdict, what the running VM gets now and what waits for its next boot; then Apply,
 * its progress, and its failure (a VM changed meanwhile is a conflict: nothing was written).
 */
export function HwPreviewModal({
  opened,
  hostId,
  edit,
  preview,
  apply,
  onClose,
  onApplied,
}: Props): JSX.Element {
  const shown = preview.mutation.data
  const running = apply.mutation.isPending
  return (
    <Modal
      opened={opened}
      onClose={() => !running && onClose()}
      title={shown === undefined ? 'Preview' : `${shown.summary}`}
      size="xl"
      closeOnClickOutside={!running}
    >
      <Stack gap="sm">
        {preview.mutation.isPending && <Loader size="sm" aria-label="Preparing the preview" />}
        {preview.mutation.error !== null && (
          <Alert color="red" title="This edit cannot be made" role="alert">
            <ErrorDetails error={preview.mutation.error} />
          </Alert>
        )}
        {shown !== undefined && (
          <>
            {!shown.valid && (
              <Alert color="red" title="libvirt would not accept this" role="alert">
                <List size="sm">
                  {shown.problems.map((p) => (
                    <List.Item key={p}>{p}</List.Item>
                  ))}
                </List>
              </Alert>
            )}
            {shown.valid && !shown.changed && (
              <Text size="sm">Nothing changes: {shown.vm} already has this.</Text>
            )}
            <Title order={4} size="h6">
              Changes to the definition of {shown.vm}
            </Title>
            <DiffView diff={shown.diff} label={`Hardware changes to ${shown.vm}`} />
            {shown.live.length > 0 && (
              <Stack gap={2} aria-label="Applied to the running VM at once">
                <Text size="sm" fw={600}>
                  Applied to the running VM at once:
                </Text>
                <List size="sm">
                  {shown.live.map((l) => (
                    <List.Item key={l}>{l}</List.Item>
                  ))}
                </List>
              </Stack>
            )}
            {shown.restartNeeded.length > 0 && (
              <Alert color="yellow" title="Restart needed" aria-label="Restart needed" role="note">
                <List size="sm">
                  {shown.restartNeeded.map((l) => (
                    <List.Item key={l}>{l}</List.Item>
                  ))}
                </List>
                <Text size="sm">The VM keeps running as it is until it is shut down and started again.</Text>
              </Alert>
            )}
            {shown.notes.map((n) => (
              <Text size="sm" key={n}>
                {n}
              </Text>
            ))}
            <Text size="sm" c="dimmed">
              The current definition goes to the XML history; undo this from the Changes page.
            </Text>
          </>
        )}
        {running && (
          <Stack gap={4} role="status" aria-live="polite">
            <Text size="sm">{apply.progress?.message ?? 'Applying…'}</Text>
            <Progress value={(apply.progress?.fraction ?? 0.05) * 100} aria-label="Progress" animated />
          </Stack>
        )}
        {apply.mutation.error !== null && !running && (
          <Alert
            color="red"
            title={apply.mutation.error.code === 'CONFLICT' ? 'Changed meanwhile' : 'It did not work'}
            role="alert"
          >
            <ErrorDetails error={apply.mutation.error} />
            {apply.mutation.error.code === 'CONFLICT' && (
              <Text size="sm" mt="xs">
                Close this preview and make the edit again: the tab now shows the VM as it is.
              </Text>
            )}
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} disabled={running}>
            Cancel
          </Button>
          <Button
            {...(danger(edit) ? { color: 'red' } : {})}
            disabled={shown?.planId === undefined || running || apply.mutation.error?.code === 'CONFLICT'}
            loading={running}
            onClick={() => {
              if (shown?.planId !== undefined)
                apply.mutation.mutate({ hostId, planId: shown.planId }, { onSuccess: onApplied })
            }}
          >
            {confirmLabel(edit)}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
