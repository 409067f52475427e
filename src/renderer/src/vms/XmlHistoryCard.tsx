import { Alert, Button, Card, Group, Loader, Stack, Text, Title } from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import type { XmlHistoryEntry } from '@shared/vms.js'
import { useRestoreXml } from '../api/useVmMutations'
import { useVmHistory } from '../api/useVms'
import { ErrorDetails } from '../notify/ErrorDetails'
import { notifyFailure, notifySuccess } from '../notify/notify'
import { RestorePreviewDialog } from '../vmmisc/RestorePreviewDialog' // vmmisc
import { formatWhen } from '../ui/time'
import { historyLabel } from './historyLabel'

interface Props {
  hostId: string
  uuid: string
  name: string
  running: boolean
}

/** Earlier definitions of the VM, newest first; any of them can be put back (the current one is saved first). */
export function XmlHistoryCard({ hostId, uuid, name, running }: Props): JSX.Element {
  const history = useVmHistory(hostId, uuid)
  const restore = useRestoreXml(uuid)
  const [asked, setAsked] = useState<XmlHistoryEntry | null>(null)

  const confirm = (entry: XmlHistoryEntry): void => {
    restore.mutate(
      { hostId, historyId: entry.id },
      {
        onSuccess: (result) => {
          setAsked(null)
          notifySuccess(
            `xml:${hostId}/${uuid}`,
            `Restored the definition of ${name}`,
            result.changed
              ? result.takesEffectAtNextBoot
                ? 'It takes effect at the next boot.'
                : 'The definition saved earlier is back.'
              : 'It already had that definition.',
          )
        },
        onError: (error) => {
          setAsked(null)
          notifyFailure({
            id: `xml:${hostId}/${uuid}`,
            title: `Could not restore the definition of ${name}`,
            error,
          })
        },
      },
    )
  }

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="xml-history-title">
      <Title order={3} size="h5" mb={4} id="xml-history-title">
        History
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Each change made in VirtDeck keeps the definition it replaced.
      </Text>
      {history.isPending && <Loader size="sm" aria-label="Loading the history" />}
      {history.error !== null && (
        <Alert color="red" title="Could not read the history">
          <ErrorDetails error={history.error} />
        </Alert>
      )}
      {history.data?.length === 0 && (
        <Text size="sm" c="dimmed">
          No earlier definitions yet.
        </Text>
      )}
      <Stack
        gap={0}
        component="ul"
        p={0}
        m={0}
        style={{ listStyle: 'none' }}
        aria-label="Earlier definitions"
      >
        {history.data?.map((entry) => (
          <Group
            key={entry.id}
            component="li"
            justify="space-between"
            wrap="nowrap"
            py={8}
            style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
          >
            <Stack gap={0} style={{ minWidth: 0 }}>
              <Text size="sm" fw={600}>
                {formatWhen(entry.savedAt)}
              </Text>
              <Text size="xs" c="dimmed" truncate>
                {historyLabel(entry.reason)}
              </Text>
            </Stack>
            <Button
              size="compact-sm"
              variant="default"
              onClick={() => setAsked(entry)}
              aria-label={`Restore the definition saved ${formatWhen(entry.savedAt)}`}
            >
              Restore
            </Button>
          </Group>
        ))}
      </Stack>
      {asked !== null && (
        <RestorePreviewDialog
          hostId={hostId}
          entry={asked}
          label={`The definition saved ${formatWhen(asked.savedAt)} (${historyLabel(asked.reason)}) replaces the current one of ${name}.${running ? ' The VM is running: it takes effect at its next boot.' : ''}`}
          busy={restore.isPending}
          onConfirm={() => confirm(asked)}
          onClose={() => setAsked(null)}
        />
      )}
    </Card>
  )
}
