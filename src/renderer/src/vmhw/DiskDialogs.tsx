import {
  Alert,
  Autocomplete,
  Button,
  Checkbox,
  Group,
  Modal,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import type { HwDisk, HwEdit } from '@shared/vm-hardware.js'
import {
  CACHE_MODES,
  CDROM_BUSES,
  DISK_BUSES,
  absolutePathProblem,
  sizeGiBProblem,
} from '@shared/vm-hardware.js'
import { ErrorDetails } from '../notify/ErrorDetails'
import { numberProblem, parseNumber } from './fields'
import { useHwResize } from './useVmHardware'

export type DiskDialog = { kind: 'settings' | 'grow' | 'remove' | 'insert'; disk: HwDisk }

interface Props {
  dialog: DiskDialog
  hostId: string
  vm: string
  running: boolean
  isos: string[]
  onClose(): void
  onPreview(edit: HwEdit): void
}

function Footer({
  onClose,
  onOk,
  label,
  disabled,
}: {
  onClose(): void
  onOk(): void
  label: string
  disabled?: boolean
}): JSX.Element {
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={onClose}>
        Cancel
      </Button>
      <Button onClick={onOk} disabled={disabled === true}>
        {label}
      </Button>
    </Group>
  )
}

/** The per-disk dialogs: bus and cache, grow, remove (keep or delete the volume), insert a disc. */
export function DiskDialogs({ dialog, hostId, vm, running, isos, onClose, onPreview }: Props): JSX.Element {
  const { disk } = dialog
  const [bus, setBus] = useState<string>(disk.bus)
  const [cache, setCache] = useState<string>(disk.cache ?? 'default')
  const [deleteVolume, setDeleteVolume] = useState(false)
  const [size, setSize] = useState('')
  const [iso, setIso] = useState('')
  const resize = useHwResize()
  const cdrom = disk.device === 'cdrom'
  const title = `${cdrom ? 'CD-ROM drive' : 'Disk'} ${disk.target}`

  if (dialog.kind === 'settings') {
    const buses: readonly string[] = cdrom ? CDROM_BUSES : DISK_BUSES
    const edit: HwEdit = {
      kind: 'disk.update',
      target: disk.target,
      ...(bus !== disk.bus ? { bus: bus as (typeof DISK_BUSES)[number] } : {}),
      ...(cache !== (disk.cache ?? 'default') ? { cache: cache as (typeof CACHE_MODES)[number] } : {}),
    }
    const same = !('bus' in edit) && !('cache' in edit)
    return (
      <Modal opened onClose={onClose} title={`${title}: bus and cache`}>
        <Stack gap="sm">
          <Select
            label="Bus"
            data={buses.includes(disk.bus) ? [...buses] : [disk.bus, ...buses]}
            value={bus}
            onChange={(v) => v !== null && setBus(v)}
            allowDeselect={false}
          />
          <Select
            label="Cache"
            data={[...CACHE_MODES]}
            value={cache}
            onChange={(v) => v !== null && setCache(v)}
            allowDeselect={false}
          />
          {bus !== disk.bus && (
            <Text size="sm">
              The guest sees the disk under a new name after this; mounts by UUID or label keep working.
            </Text>
          )}
          {same && (
            <Text size="sm" c="dimmed">
              Choose another bus or cache mode to preview.
            </Text>
          )}
          <Footer onClose={onClose} onOk={() => onPreview(edit)} label="Preview" disabled={same} />
        </Stack>
      </Modal>
    )
  }
  if (dialog.kind === 'remove') {
    return (
      <Modal opened onClose={onClose} title={`Remove ${title.toLowerCase()}?`}>
        <Stack gap="sm">
          <Text size="sm">
            {disk.source === undefined ? 'The drive is empty.' : `It uses ${disk.source}.`}{' '}
            {running
              ? 'The running VM loses it at once where libvirt can unplug it, else at its next boot.'
              : ''}
          </Text>
          {!cdrom && disk.source !== undefined && (
            <Checkbox
              label="Also delete the volume (its data is lost; undo cannot bring it back)"
              checked={deleteVolume}
              onChange={(e) => setDeleteVolume(e.currentTarget.checked)}
              color="red"
            />
          )}
          <Footer
            onClose={onClose}
            onOk={() => onPreview({ kind: 'disk.remove', target: disk.target, deleteVolume })}
            label="Preview"
          />
        </Stack>
      </Modal>
    )
  }
  if (dialog.kind === 'insert') {
    const problem =
      iso === '' ? 'Choose an ISO image or give its full path on the host.' : absolutePathProblem(iso)
    return (
      <Modal opened onClose={onClose} title={`Insert a disc in ${disk.target}`}>
        <Stack gap="sm">
          <Autocomplete
            label="ISO image"
            description="From the storage pools, or any path on the host"
            data={isos}
            value={iso}
            onChange={setIso}
            error={iso === '' ? undefined : problem}
          />
          <Footer
            onClose={onClose}
            onOk={() => onPreview({ kind: 'cdrom.media', target: disk.target, path: iso })}
            label="Preview"
            disabled={problem !== undefined}
          />
        </Stack>
      </Modal>
    )
  }
  const parsed = parseNumber(size, 'the new size in GiB')
  const problem = size === '' ? undefined : numberProblem(parsed, (v) => sizeGiBProblem(v, 'The new size'))
  return (
    <Modal
      opened
      onClose={() => !resize.mutation.isPending && onClose()}
      title={`Grow ${title.toLowerCase()}`}
    >
      <Stack gap="sm">
        <TextInput
          label="New size (GiB)"
          value={size}
          onChange={(e) => setSize(e.currentTarget.value)}
          error={problem}
          inputMode="decimal"
        />
        <Text size="sm">
          {running
            ? 'The running guest sees the larger disk at once (blockresize); grow its partition and file system inside.'
            : 'The volume grows now; the guest sees it at its next boot.'}{' '}
          Disks only grow: shrinking would cut off data. This is not a change of the definition, so it cannot
          be undone.
        </Text>
        {resize.mutation.error !== null && (
          <Alert color="red" title="Not resized" role="alert">
            <ErrorDetails error={resize.mutation.error} />
          </Alert>
        )}
        {resize.mutation.data !== undefined && (
          <Alert color="teal" title="Grown" role="status">
            {disk.target}: {(resize.mutation.data.fromBytes / 1024 ** 3).toFixed(2)} GiB →{' '}
            {(resize.mutation.data.toBytes / 1024 ** 3).toFixed(2)} GiB
          </Alert>
        )}
        <Footer
          onClose={onClose}
          label="Grow"
          disabled={size === '' || problem !== undefined || resize.mutation.isPending}
          onOk={() =>
            'value' in parsed &&
            resize.mutation.mutate({ hostId, vm, target: disk.target, sizeGiB: parsed.value })
          }
        />
      </Stack>
    </Modal>
  )
}
