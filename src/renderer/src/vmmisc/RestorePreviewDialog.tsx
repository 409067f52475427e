import { Alert, Badge, Button, Group, Loader, Modal, Stack, Text } from '@mantine/core'
import { useQuery } from '@tanstack/react-query'
import type { JSX } from 'react'
import type { AppError } from '@shared/errors.js'
import type { XmlHistoryEntry } from '@shared/vms.js'
import type { RestorePreview } from '@shared/xml-restore.js'
import { invoke } from '../api/virtdeck'
import { ErrorDetails } from '../notify/ErrorDetails'
import { DiffView } from '../ui/DiffView'
import { formatWhen } from '../ui/time'

interface Props {
  hostId: string
  entry: XmlHistoryEntry
  label: string
  busy: boolean
  onConfirm(): void
  onClose(): void
}

/** Restoring shows first what it would change (the diff from the current definition to the saved one), then asks. */
export function RestorePreviewDialog({ hostId, entry, label, busy, onConfirm, onClose }: Props): JSX.Element {
  const preview = useQuery<RestorePreview, AppError>({
    queryKey: ['vms.restorePreview', hostId, entry.id],
    queryFn: () => invoke('vms.restorePreview', { hostId, historyId: entry.id }),
    staleTime: 0,
    gcTime: 0,
  })
  const p = preview.data
  return (
    <Modal
      opened
      onClose={() => !busy && onClose()}
      title={`Restore the definition saved ${formatWhen(entry.savedAt)}?`}
      size="xl"
    >
      <Stack gap="md">
        <Text size="sm">{label}</Text>
        {preview.isPending && <Loader size="sm" aria-label="Computing what the restore would change" />}
        {preview.error !== null && (
          <Alert color="red" title="Could not compare with the current definition">
            <ErrorDetails error={preview.error} />
          </Alert>
        )}
        {p !== undefined && !p.changed && (
          <Text size="sm" role="status">
            {p.name} already has this definition: restoring changes nothing.
          </Text>
        )}
        {p !== undefined && p.changed && (
          <Stack gap="xs">
            <Group gap="sm">
              <Text size="sm" fw={600}>
                {p.recreates
                  ? `${p.name} no longer exists: restoring defines it again`
                  : 'What the restore changes'}
              </Text>
              {p.running && (
                <Badge variant="light" color="orange">
                  Takes effect at next boot
                </Badge>
              )}
            </Group>
            <DiffView diff={p.diff} label="What the restore changes" />
            <Text size="xs" c="dimmed">
              “-” lines are the current definition, “+” lines the saved one. The current definition is kept in
              the history, so this can be undone.
            </Text>
          </Stack>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} disabled={busy} data-autofocus>
            Cancel
          </Button>
          <Button color="teal" onClick={onConfirm} loading={busy} disabled={p === undefined || !p.changed}>
            Restore
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
