import { Badge, Button, Card, Code, Group, Loader, Stack, Text, Title } from '@mantine/core'
import type { JSX } from 'react'
import { useId, useState } from 'react'
import type { HostChangeRecord } from '@shared/changes.js'
import type { ChangesFilter } from '../../api/useChanges'
import { useChanges, useUndoChange, useVerifyChange } from '../../api/useChanges'
import { ErrorDetails } from '../../notify/ErrorDetails'
import { ChangeDetails } from './ChangeDetails'
import { ConfirmModal } from './ConfirmModal'
import { VerificationBadge } from './VerificationBadge'
import { formatWhen } from '../time'

interface Props {
  title: string
  filter: ChangesFilter
  /** Name the host of each change (the all-hosts view). */
  showHost?: boolean
  /** What the empty list says. */
  empty?: string
}

function ChangeRow(props: {
  change: HostChangeRecord
  showHost: boolean
  onUndo(change: HostChangeRecord): void
}): JSX.Element {
  const { change } = props
  const [open, setOpen] = useState(false)
  const verify = useVerifyChange()
  const detailsId = useId()
  const targets = [...change.files.map((f) => f.path), ...change.domains.map((d) => `VM ${d.name}`)]
  return (
    <Stack component="li" gap={4} aria-label={change.summary}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
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
                Undone {formatWhen(change.undoneAt)}
              </Badge>
            )}
            {change.undoneAt === null && <VerificationBadge verification={change.verification} />}
          </Group>
          <Text size="xs" c="dimmed">
            {props.showHost ? `${change.hostName} · ` : ''}
            {change.capability} · applied {formatWhen(change.appliedAt)} · {targets.join(', ') || 'no files'}
          </Text>
          {verify.error !== null && <ErrorDetails error={verify.error} />}
        </Stack>
        <Group gap="xs" wrap="nowrap">
          <Button
            size="xs"
            variant="subtle"
            onClick={() => setOpen((o) => !o)}
            aria-expanded={open}
            aria-controls={detailsId}
            aria-label={`${open ? 'Hide' : 'Show'} details: ${change.summary}`}
          >
            {open ? 'Hide details' : 'Details'}
          </Button>
          {change.undoneAt === null && change.verification !== null && (
            <Button
              size="xs"
              variant="default"
              loading={verify.isPending}
              onClick={() => verify.mutate({ changeId: change.id })}
              aria-label={`Check again: ${change.summary}`}
            >
              Check again
            </Button>
          )}
          {change.undoneAt === null && (
            <Button
              size="xs"
              variant="default"
              onClick={() => props.onUndo(change)}
              aria-label={`Undo: ${change.summary}`}
            >
              Undo…
            </Button>
          )}
        </Group>
      </Group>
      <div id={detailsId}>{open && <ChangeDetails change={change} />}</div>
    </Stack>
  )
}

/** Changes applied through the change engine, newest first, each with details, a new check and Undo (confirmed). */
export function ChangesCard(props: Props): JSX.Element {
  const changes = useChanges(props.filter)
  const undo = useUndoChange()
  const [target, setTarget] = useState<HostChangeRecord | null>(null)
  const titleId = useId()
  const conflict = undo.mutation.error?.code === 'CONFLICT' && target !== null && target.undoneAt === null

  const run = (force: boolean): void => {
    if (target === null) return
    undo.mutation.mutate({ changeId: target.id, force }, { onSuccess: () => setTarget(null) })
  }
  const open = (change: HostChangeRecord): void => {
    undo.mutation.reset()
    setTarget(change)
  }

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby={titleId}>
      <Title order={3} size="h4" id={titleId} mb="sm">
        {props.title}
      </Title>
      {changes.isPending && <Loader size="sm" aria-label="Reading the changes" />}
      {changes.error !== null && <ErrorDetails error={changes.error} />}
      {changes.data?.length === 0 && (
        <Text size="sm" c="dimmed">
          {props.empty ??
            'No changes yet. Changes you apply are listed here with their backups, and can be undone.'}
        </Text>
      )}
      <Stack gap="sm" component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
        {(changes.data ?? []).map((change) => (
          <ChangeRow key={change.id} change={change} showHost={props.showHost ?? false} onUndo={open} />
        ))}
      </Stack>
      <ConfirmModal
        opened={target !== null}
        title={`Undo on ${target?.hostName ?? ''}?`}
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
          {target?.domains.map((domain) => (
            <Text size="sm" key={domain.uuid}>
              Define the previous definition of VM <Code>{domain.name}</Code> again
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
              Something was edited after VirtDeck changed it. “Undo anyway” restores the backup and loses that
              edit.
            </Text>
          )}
        </Stack>
      </ConfirmModal>
    </Card>
  )
}
