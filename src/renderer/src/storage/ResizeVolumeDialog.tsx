import { Alert, Button, Checkbox, Group, Modal, NumberInput, Stack, Text } from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import type { StorageVolume } from '@shared/storage.js'
import { useResizeVolume } from '../api/useStorageAdmin'
import { ErrorDetails } from '../notify/ErrorDetails'
import { notifySuccess } from '../notify/notify'
import { formatBytes } from '../vms/format'

const GiB = 1024 ** 3

/** Grow a volume; shrinking needs an explicit tick (it cuts data off the end). */
export function ResizeVolumeDialog({
  hostId,
  volume,
  onClose,
}: {
  hostId: string
  volume: StorageVolume
  onClose(): void
}): JSX.Element {
  const resize = useResizeVolume()
  const [sizeGiB, setSizeGiB] = useState<number | string>(Math.ceil((volume.capacity / GiB) * 1000) / 1000)
  const [shrinkOk, setShrinkOk] = useState(false)
  const value = typeof sizeGiB === 'number' ? sizeGiB : Number(sizeGiB)
  const bytes = Math.round(value * GiB)
  const problem =
    sizeGiB === '' || !Number.isFinite(value)
      ? 'Give the new size in GiB'
      : value <= 0
        ? 'The size must be above zero'
        : bytes === volume.capacity
          ? 'That is the current size'
          : undefined
  const shrinking = problem === undefined && bytes < volume.capacity
  const qcow2Shrink = shrinking && volume.format === 'qcow2'
  return (
    <Modal opened onClose={() => !resize.isPending && onClose()} title={`Resize ${volume.name}`}>
      <Stack gap="sm">
        <Text size="sm">Now {formatBytes(volume.capacity)}.</Text>
        <NumberInput
          label="New size (GiB)"
          value={sizeGiB}
          onChange={setSizeGiB}
          min={0}
          decimalScale={3}
          clampBehavior="none"
          error={problem === 'That is the current size' ? undefined : problem}
          data-autofocus
        />
        {qcow2Shrink && (
          <Alert color="orange">libvirt cannot shrink a qcow2 volume: only raw volumes shrink.</Alert>
        )}
        {shrinking && !qcow2Shrink && (
          <Checkbox
            color="red"
            checked={shrinkOk}
            onChange={(e) => setShrinkOk(e.currentTarget.checked)}
            label={`Shrink anyway: the last ${formatBytes(volume.capacity - bytes)} are cut off (shrink the file system inside first)`}
          />
        )}
        {!shrinking && problem === undefined && (
          <Text size="xs" c="dimmed">
            The guest sees the new size at its next boot; grow its partition and file system inside.
          </Text>
        )}
        {resize.error !== null && (
          <Alert color="red" title="Not resized">
            <ErrorDetails error={resize.error} />
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={resize.isPending}>
            Cancel
          </Button>
          <Button
            color={shrinking ? 'red' : 'blue'}
            loading={resize.isPending}
            disabled={problem !== undefined || qcow2Shrink || (shrinking && !shrinkOk)}
            onClick={() =>
              resize.mutate(
                {
                  hostId,
                  pool: volume.pool,
                  name: volume.name,
                  capacityBytes: bytes,
                  allowShrink: shrinking,
                },
                {
                  onSuccess: (v) => {
                    notifySuccess(
                      `volume:${hostId}/${volume.pool}`,
                      `Resized ${v.name}`,
                      `Now ${formatBytes(v.capacity)}.`,
                    )
                    onClose()
                  },
                },
              )
            }
          >
            {shrinking ? 'Shrink' : 'Resize'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
