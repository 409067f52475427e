import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  List,
  Loader,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
} from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import type { VmSnapshot } from '@shared/snapshots.js'
import { ErrorDetails } from '../notify/ErrorDetails'
import { notifyFailure, notifySuccess } from '../notify/notify'
import { DomainJobProgress } from '../jobs/DomainJobProgress'
import { ConfirmDialog } from '../ui/ConfirmDialog'
import { formatWhen } from '../ui/time'
import { TakeSnapshotCard } from './TakeSnapshotCard'
import { useSnapshotMutation, useSnapshotTree } from './useSnapshots'

interface Props {
  hostId: string
  uuid: string
  name: string
}

function depthOf(snapshot: VmSnapshot, all: readonly VmSnapshot[]): number {
  let depth = 0
  for (let p = snapshot.parent; p !== undefined && depth < 100; p = all.find((s) => s.name === p)?.parent)
    depth++
  return depth
}

/** An action button that main's verdict may refuse: disabled, with the reason as its tooltip. */
function Guarded(props: { verdict: VmSnapshot['revert']; label: string; onClick(): void }): JSX.Element {
  const button = (
    <Button size="compact-sm" variant="default" disabled={!props.verdict.allowed} onClick={props.onClick}>
      {props.label}
    </Button>
  )
  return props.verdict.allowed ? (
    button
  ) : (
    <Tooltip label={props.verdict.reason} multiline w={360}>
      <span>{button}</span>
    </Tooltip>
  )
}

/** The VM's snapshots as a tree (the current one marked), what a revert loses, and taking a new one. */
export function SnapshotsTab({ hostId, uuid, name }: Props): JSX.Element {
  const tree = useSnapshotTree(hostId, uuid)
  const revert = useSnapshotMutation('snapshots.revert')
  const remove = useSnapshotMutation('snapshots.delete')
  const [asked, setAsked] = useState<{ action: 'revert' | 'delete'; snapshot: VmSnapshot } | null>(null)

  if (tree.isPending) return <Loader size="sm" aria-label="Loading the snapshots" />
  if (tree.error !== null)
    return (
      <Alert color="red" title={`Could not read the snapshots of ${name}`}>
        <ErrorDetails error={tree.error} />
      </Alert>
    )
  const { snapshots, policy } = tree.data
  const id = `snapshot:${hostId}/${uuid}`

  const confirm = (): void => {
    if (asked === null) return
    const input = { hostId, uuid, name, snapshot: asked.snapshot.name }
    if (asked.action === 'revert')
      revert.mutate(input, {
        onSuccess: (r) => {
          setAsked(null)
          notifySuccess(id, `Reverted ${name} to “${r.snapshot}”`, `It is now ${r.state}.`)
        },
        onError: (error) => notifyFailure({ id, title: `Could not revert ${name}`, error }),
      })
    else
      remove.mutate(input, {
        onSuccess: (r) => {
          setAsked(null)
          notifySuccess(
            id,
            `Deleted snapshot “${r.deleted}”`,
            r.reparented.length > 0
              ? `Kept its children: ${r.reparented.join(', ')}.`
              : 'It had no children.',
          )
        },
        onError: (error) => notifyFailure({ id, title: `Could not delete the snapshot`, error }),
      })
  }

  return (
    <Stack gap="md">
      <TakeSnapshotCard hostId={hostId} uuid={uuid} name={name} policy={policy} />
      <Card withBorder>
        <Stack gap="sm">
          <Title order={4}>Snapshots</Title>
          {snapshots.length === 0 ? (
            <Text size="sm" c="dimmed">
              {name} has no snapshots yet. Take one before an upgrade or a risky change.
            </Text>
          ) : (
            <Table aria-label={`Snapshots of ${name}`}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Taken</Table.Th>
                  <Table.Th>State</Table.Th>
                  <Table.Th>Memory</Table.Th>
                  <Table.Th>Kind</Table.Th>
                  <Table.Th>Description</Table.Th>
                  <Table.Th aria-label="Actions" />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {snapshots.map((s) => (
                  <Table.Tr key={s.name}>
                    <Table.Td style={{ paddingLeft: 8 + depthOf(s, snapshots) * 20 }}>
                      <Group gap="xs" wrap="nowrap">
                        <Text size="sm">{s.name}</Text>
                        {s.current && <Badge size="sm">current</Badge>}
                      </Group>
                    </Table.Td>
                    <Table.Td>{formatWhen(s.createdAt)}</Table.Td>
                    <Table.Td>{s.state}</Table.Td>
                    <Table.Td>{s.memory === 'none' ? (s.diskOnly ? 'disk-only' : 'no') : 'yes'}</Table.Td>
                    <Table.Td>{s.location}</Table.Td>
                    <Table.Td>{s.description ?? ''}</Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap" justify="flex-end">
                        <Guarded
                          verdict={s.revert}
                          label="Revert"
                          onClick={() => setAsked({ action: 'revert', snapshot: s })}
                        />
                        <Guarded
                          verdict={s.delete}
                          label="Delete"
                          onClick={() => setAsked({ action: 'delete', snapshot: s })}
                        />
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Stack>
      </Card>
      {asked !== null && (
        <ConfirmDialog
          opened
          title={
            asked.action === 'revert'
              ? `Revert ${name} to “${asked.snapshot.name}”?`
              : `Delete snapshot “${asked.snapshot.name}”?`
          }
          confirmLabel={asked.action === 'revert' ? 'Revert' : 'Delete snapshot'}
          danger
          busy={revert.isPending || remove.isPending}
          onConfirm={confirm}
          onClose={() => setAsked(null)}
        >
          {asked.action === 'revert' ? (
            <Stack gap="xs">
              <Text size="sm">This throws away:</Text>
              <List size="sm">
                {asked.snapshot.revertLoses.map((line) => (
                  <List.Item key={line}>{line}</List.Item>
                ))}
              </List>
              <DomainJobProgress
                hostId={hostId}
                uuid={uuid}
                name={name}
                running={revert.isPending}
                label={`Reverting ${name} to “${asked.snapshot.name}”`}
                noJobHint={
                  asked.snapshot.location === 'internal'
                    ? `libvirt reports no progress for a revert to an internal snapshot and cannot cancel one${
                        asked.snapshot.memory === 'none'
                          ? ''
                          : ': QEMU reads the saved memory back from the qcow2 files'
                      }.`
                    : undefined
                }
              />
            </Stack>
          ) : (
            <Text size="sm">
              The snapshot can no longer be reverted to.
              {asked.snapshot.children.length > 0
                ? ` Its children (${asked.snapshot.children.join(', ')}) are kept: they hang from its parent.`
                : ''}
            </Text>
          )}
        </ConfirmDialog>
      )}
    </Stack>
  )
}
