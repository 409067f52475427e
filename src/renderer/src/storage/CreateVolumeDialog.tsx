import {
  Alert,
  Button,
  Group,
  Modal,
  NumberInput,
  Progress,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import type { Preallocation } from '@shared/storage.js'
import { useCreateVolume } from '../api/useStorage'
import { ErrorDetails } from '../notify/ErrorDetails'
import { notifySuccess } from '../notify/notify'
import { formatBytes } from '../vms/format'
import { volumeProblems } from './volumeDraft'

interface Props {
  hostId: string
  pool: string
  onClose(): void
}

/** A new volume: qcow2 with metadata preallocated by default (up to 5× faster guest I/O than none); progress and Cancel while it is made. */
export function CreateVolumeDialog({ hostId, pool, onClose }: Props): JSX.Element {
  const [name, setName] = useState('')
  const [sizeGiB, setSizeGiB] = useState<number>(20)
  const [format, setFormat] = useState<'qcow2' | 'raw'>('qcow2')
  const [preallocation, setPreallocation] = useState<Preallocation>('metadata')
  const create = useCreateVolume()
  const running = create.mutation.isPending
  const error = create.mutation.error
  const problems = volumeProblems(name, sizeGiB)
  const problem = problems.name ?? problems.size

  const submit = (): void =>
    create.mutation.mutate(
      {
        hostId,
        pool,
        spec: { name: name.trim(), capacityBytes: Math.round(sizeGiB * 1024 ** 3), format, preallocation },
      },
      {
        onSuccess: (volume) => {
          notifySuccess(
            `volume:${hostId}/${pool}`,
            `Created ${volume.name}`,
            `${formatBytes(volume.capacity)} ${volume.format ?? format} in pool ${pool}.`,
          )
          onClose()
        },
      },
    )

  return (
    <Modal
      opened
      onClose={() => !running && onClose()}
      title={`New volume in ${pool}`}
      size="lg"
      closeOnClickOutside={!running}
    >
      <Stack gap="md">
        <TextInput
          label="Name"
          placeholder="data.qcow2"
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          disabled={running}
          // An empty name is said beside Create; a wrong one here, as it is typed.
          error={name === '' ? undefined : problems.name}
          data-autofocus
        />
        <Group grow align="flex-start">
          <NumberInput
            label="Size (GiB)"
            min={0.001}
            clampBehavior="none"
            decimalScale={3}
            value={sizeGiB}
            onChange={(value) => setSizeGiB(Number(value))}
            disabled={running}
            error={problems.size}
          />
          <Select
            label="Format"
            data={['qcow2', 'raw']}
            value={format}
            onChange={(value) => {
              setFormat(value === 'raw' ? 'raw' : 'qcow2')
              if (value === 'raw' && preallocation === 'metadata') setPreallocation('off')
            }}
            allowDeselect={false}
            disabled={running}
          />
          <Select
            label="Preallocation"
            data={[
              { value: 'metadata', label: 'Metadata (recommended)', disabled: format !== 'qcow2' },
              { value: 'off', label: 'None' },
              { value: 'full', label: 'Full' },
            ]}
            value={preallocation}
            onChange={(value) => setPreallocation(value === 'off' || value === 'full' ? value : 'metadata')}
            allowDeselect={false}
            disabled={running}
          />
        </Group>
        <Text size="xs" c="dimmed">
          Metadata preallocation writes qcow2’s metadata up front: without it a guest’s disk I/O can be up to
          5× slower while the image grows. Full writes the whole size now.
        </Text>
        {running && (
          <Stack gap={4} role="status" aria-live="polite">
            <Text size="sm">{create.progress?.message ?? 'Creating…'}</Text>
            <Progress
              value={(create.progress?.fraction ?? 0.03) * 100}
              aria-label="Creating the volume"
              animated
            />
          </Stack>
        )}
        {error !== null && !running && (
          <Alert
            color={error.code === 'CANCELLED' ? 'gray' : 'red'}
            title={
              error.code === 'CANCELLED'
                ? 'Cancelled: the partial volume was removed'
                : 'The volume was not created'
            }
          >
            {error.code === 'CANCELLED' ? null : <ErrorDetails error={error} />}
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          {problem !== undefined && !running && (
            <Text size="sm" c="dimmed" id="create-volume-why" role="status">
              {problem}
            </Text>
          )}
          <Button variant="default" onClick={running ? create.cancel : onClose}>
            Cancel
          </Button>
          <Button
            onClick={submit}
            loading={running}
            disabled={problem !== undefined}
            {...(problem === undefined ? {} : { 'aria-describedby': 'create-volume-why' })}
          >
            Create
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
