import { Badge, Button, Card, Code, Group, Stack, Text, Title } from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import type { HostChangeRecord } from '../../../shared/contract'
import { useNestedChanges, useUndoNested } from '../api/useNested'
import { ConfirmModal } from './ConfirmModal'

function when(iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString()
}

/** The changes applied to this host, newest first, each with Undo (behind a confirmation). */
export function ChangesCard({ hostId, hostName }: { hostId: string; hostName: string }): JSX.Element {
  const changes = useNestedChanges(hostId)
  const undo = useUndoNested(hostId)
  const [target, setTarget] = useState<HostChangeRecord | null>(null)
  const conflict = undo.mutation.error?.code === 'CONFLICT' && target !== null && target.undoneAt === null

  const run = (force: boolean): void => {
    if (target === null) return
    undo.mutation.mutate({ hostId, changeId: target.id, force }, { onSuccess: () => setTarget(null) })
  }
  const open = (change: HostChangeRecord): void => {
    undo.mutation.reset()
    setTarget(change)
  }

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="nested-changes-title">
      <Title order={3} size="h4" id="nested-changes-title" mb="sm">
        Applied changes
      </Title>
      {changes.data?.length === 0 && (
        <Text size="sm" c="dimmed">
          No changes yet. Changes you apply here are listed with their backups, and can be undone.
        </Text>
      )}
      <Stack gap="sm" component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
        {(changes.data ?? []).map((change) => (
          <Group
            key={change.id}
            component="li"
            justify="space-between"
            align="flex-start"
            wrap="nowrap"
            aria-label={change.summary}
          >
            <Stack gap={2} style={{ minWidth: 0 }}>
              <Group gap="xs">
                <Text size="sm" fw={600}>
                  {change.summary}
                </Text>
                {change.undoneAt === null ? (
                  <Badge variant="light" color="teal">
                    Active
                  </Badge>
                ) : (
                  <Badge variant="light" color="gray">
                    Undone {when(change.undoneAt)}
                  </Badge>
                )}
              </Group>
              <Text size="xs" c="dimmed">
                Applied {when(change.appliedAt)} ·{' '}
                {change.files.map((file) => file.path).join(', ') || 'no files'}
              </Text>
            </Stack>
            {change.undoneAt === null && (
              <Button
                size="xs"
                variant="default"
                onClick={() => open(change)}
                aria-label={`Undo: ${change.summary}`}
              >
                Undo…
              </Button>
            )}
          </Group>
        ))}
      </Stack>
      <ConfirmModal
        opened={target !== null}
        title={`Undo on ${hostName}?`}
        confirmLabel={conflict ? 'Undo anyway' : 'Undo change'}
        danger={conflict}
        call={undo}
        onConfirm={() => run(conflict)}
        onClose={() => setTarget(null)}
      >
        <Stack gap={4}>
          <Text size="sm">{target?.summary}</Text>
          {target?.files.map((file) => (
            <Text size="sm" key={file.path}>
              {file.existedBefore ? 'Restore ' : 'Remove '}
              <Code>{file.path}</Code>
              {file.existedBefore ? ` from ${file.backupPath ?? 'its backup'}` : ' (VirtDeck created it)'}
            </Text>
          ))}
          {(target?.commands.length ?? 0) > 0 && (
            <Text size="sm">
              Then run again:{' '}
              <Code>{target?.commands.map((c) => [c.file, ...c.args].join(' ')).join('; ')}</Code>
            </Text>
          )}
          {conflict && (
            <Text size="sm" c="red.8">
              A file was edited after VirtDeck wrote it. “Undo anyway” restores the backup and loses that
              edit.
            </Text>
          )}
        </Stack>
      </ConfirmModal>
    </Card>
  )
}
