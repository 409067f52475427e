import { Alert, Button, Group, Modal, Progress, Radio, Stack, Text, TextInput } from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import type { CloneMode } from '@shared/vm-clone.js'
import { useStreamingCall } from '../api/useStreamingCall'
import { ErrorDetails } from '../notify/ErrorDetails'
import { notifySuccess } from '../notify/notify'

interface Props {
  hostId: string
  uuid: string
  name: string
  /** Cloning needs the VM shut off; otherwise the dialog says so. */
  shutOff: boolean
  onClose(): void
}

/** Clone a shut-off VM: a name, full copy or linked, then the copy with its progress and a Cancel that removes it. */
export function CloneVmDialog({ hostId, uuid, name, shutOff, onClose }: Props): JSX.Element {
  const [cloneName, setCloneName] = useState(`${name}-clone`)
  const [mode, setMode] = useState<CloneMode>('copy')
  const clone = useStreamingCall('vms.clone', (result) => {
    notifySuccess(`clone:${hostId}/${uuid}`, `Cloned ${name}`, `${result.name} is defined.`)
    onClose()
  })
  const running = clone.mutation.isPending
  const error = clone.mutation.error

  return (
    <Modal opened onClose={() => !running && onClose()} title={`Clone ${name}`} size="lg">
      <Stack gap="md">
        {!shutOff && (
          <Alert color="yellow">Shut {name} off first: a running VM keeps writing to its disks.</Alert>
        )}
        <TextInput
          label="Name of the clone"
          value={cloneName}
          onChange={(e) => setCloneName(e.currentTarget.value)}
          disabled={running}
        />
        <Radio.Group label="Disks" value={mode} onChange={(value) => setMode(value as CloneMode)}>
          <Stack gap="xs" mt="xs">
            <Radio
              value="copy"
              label="Full copy"
              description="Each disk copied: the clone is independent of the original. Takes the time and space of a copy."
              disabled={running}
            />
            <Radio
              value="linked"
              label="Linked clone"
              description="A small qcow2 file on top of each original disk: instant, but the original disk must stay where it is and never change again."
              disabled={running}
            />
          </Stack>
        </Radio.Group>
        {running && (
          <Stack gap={4}>
            <Text size="sm">{clone.progress?.message ?? 'Starting'}</Text>
            <Progress value={(clone.progress?.fraction ?? 0) * 100} aria-label="Clone progress" />
          </Stack>
        )}
        {error !== null && error.code !== 'CANCELLED' && (
          <Alert color="red" title="Could not clone">
            <ErrorDetails error={error} />
          </Alert>
        )}
        {error?.code === 'CANCELLED' && <Text size="sm">Cancelled: nothing was left behind.</Text>}
        <Group justify="flex-end" gap="sm">
          {running ? (
            <Button variant="default" onClick={clone.cancel}>
              Cancel cloning
            </Button>
          ) : (
            <Button variant="default" onClick={onClose} data-autofocus>
              Close
            </Button>
          )}
          <Button
            onClick={() =>
              clone.mutation.mutate({ hostId, uuid, name, clone: { name: cloneName.trim(), mode } })
            }
            loading={running}
            disabled={!shutOff || cloneName.trim() === ''}
          >
            Clone
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
