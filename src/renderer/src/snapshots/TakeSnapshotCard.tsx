import {
  Button,
  Card,
  Checkbox,
  Group,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import type { SnapshotKind, SnapshotPolicy } from '@shared/snapshots.js'
import { notifyFailure, notifySuccess } from '../notify/notify'
import { useSnapshotMutation } from './useSnapshots'
import { DomainJobProgress } from '../jobs/DomainJobProgress' // stats

interface Props {
  hostId: string
  uuid: string
  name: string
  policy: SnapshotPolicy
}

/** Take a snapshot: name, description, memory, kind — the choices main refuses are disabled with main's reason. */
export function TakeSnapshotCard({ hostId, uuid, name, policy }: Props): JSX.Element {
  const create = useSnapshotMutation('snapshots.create')
  const [snapshotName, setSnapshotName] = useState('')
  const [description, setDescription] = useState('')
  const [memory, setMemory] = useState(false)
  const [kind, setKind] = useState<SnapshotKind | undefined>(policy.defaultKind)
  const chosen = kind ?? policy.defaultKind
  const verdict = chosen === undefined ? undefined : policy[chosen]
  const refusals = [policy.internal, policy.external].flatMap((v) => (v.allowed ? [] : [v.reason]))

  const take = (): void => {
    create.mutate(
      {
        hostId,
        uuid,
        name,
        snapshot: {
          ...(snapshotName.trim() === '' ? {} : { name: snapshotName.trim() }),
          ...(description === '' ? {} : { description }),
          memory,
          ...(chosen === undefined ? {} : { kind: chosen }),
        },
      },
      {
        onSuccess: (result) => {
          setSnapshotName('')
          setDescription('')
          notifySuccess(
            `snapshot:${hostId}/${uuid}`,
            `Took a snapshot of ${name}`,
            `“${result.snapshot.name}”`,
          )
        },
        onError: (error) =>
          notifyFailure({
            id: `snapshot:${hostId}/${uuid}`,
            title: `Could not take a snapshot of ${name}`,
            error,
          }),
      },
    )
  }

  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={4}>Take a snapshot</Title>
        <Group grow align="flex-start">
          <TextInput
            label="Name"
            placeholder="The date and time"
            value={snapshotName}
            onChange={(e) => setSnapshotName(e.currentTarget.value)}
          />
          <Textarea
            label="Description"
            autosize
            minRows={1}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
          />
        </Group>
        <SegmentedControl
          aria-label="Snapshot kind"
          w="fit-content"
          value={chosen ?? ''}
          onChange={(value) => setKind(value as SnapshotKind)}
          data={[
            {
              value: 'internal',
              label: 'Internal (inside the qcow2 disks)',
              disabled: !policy.internal.allowed,
            },
            {
              value: 'external',
              label: 'External (new files beside the disks)',
              disabled: !policy.external.allowed,
            },
          ]}
        />
        <Checkbox
          label="Include the memory (a revert resumes the VM where it was)"
          checked={memory}
          disabled={!policy.memory.allowed}
          description={policy.memory.allowed ? undefined : policy.memory.reason}
          onChange={(e) => setMemory(e.currentTarget.checked)}
        />
        {refusals.map((reason) => (
          <Text key={reason} size="sm" c="dimmed">
            {reason}
          </Text>
        ))}
        <Button
          w="fit-content"
          onClick={take}
          loading={create.isPending}
          disabled={verdict === undefined || !verdict.allowed}
        >
          Take snapshot
        </Button>
        <DomainJobProgress
          hostId={hostId}
          uuid={uuid}
          name={name}
          running={create.isPending}
          label={`Taking a snapshot of ${name}`}
          noJobHint={
            chosen === 'internal'
              ? `libvirt reports no progress for an internal snapshot and cannot cancel one: QEMU writes ${
                  memory ? 'the memory and ' : ''
                }the disks' state into the qcow2 files${memory ? ' while the VM is paused' : ''}.`
              : undefined
          }
        />
      </Stack>
    </Card>
  )
}
