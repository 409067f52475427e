import { Alert, Button, Checkbox, Group, Modal, Progress, Stack, Text, TextInput } from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import { volumeNameSchema } from '@shared/storage.js'
import type { StorageVolume } from '@shared/storage.js'
import { useVolumeStream } from '../api/useStorageAdmin'
import { ErrorDetails } from '../notify/ErrorDetails'
import { notifySuccess } from '../notify/notify'
import { formatBytes } from '../vms/format'

export type CopyKind = 'clone' | 'upload' | 'download'

const TITLES: Record<CopyKind, string> = {
  clone: 'Clone',
  upload: 'Upload a file into',
  download: 'Download',
}

function absolute(path: string): string | undefined {
  if (path.trim() === '') return 'Give the local file’s full path'
  if (!path.startsWith('/')) return 'The local file must be an absolute path, starting with "/"'
  return undefined
}

/**
 * Clone a volume, upload a local file into a new volume, or download a volume to a local file:
 * progress while it runs, and Cancel (an upload's half-written volume is removed).
 */
export function VolumeCopyDialog({
  hostId,
  pool,
  kind,
  volume,
  onClose,
}: {
  hostId: string
  pool: string
  kind: CopyKind
  volume?: StorageVolume
  onClose(): void
}): JSX.Element {
  const clone = useVolumeStream('volumes.clone')
  const upload = useVolumeStream('volumes.upload')
  const download = useVolumeStream('volumes.download')
  const call = kind === 'clone' ? clone : kind === 'upload' ? upload : download
  const [name, setName] = useState(kind === 'clone' && volume !== undefined ? `${volume.name}-copy` : '')
  const [localPath, setLocalPath] = useState('')
  const [overwrite, setOverwrite] = useState(false)
  const [touched, setTouched] = useState(false)
  const running = call.mutation.isPending
  const nameCheck = volumeNameSchema.safeParse(name)
  const nameProblem =
    kind === 'download' || nameCheck.success ? undefined : nameCheck.error.issues[0]?.message
  const pathProblem = kind === 'clone' ? undefined : absolute(localPath)
  const problem = nameProblem ?? pathProblem
  const done = (title: string, text: string): void => {
    notifySuccess(`volume:${hostId}/${pool}`, title, text)
    onClose()
  }
  const submit = (): void => {
    setTouched(true)
    if (problem !== undefined) return
    if (kind === 'clone' && volume !== undefined)
      clone.mutation.mutate(
        { hostId, pool, name: volume.name, newName: name.trim() },
        { onSuccess: (v) => done(`Cloned ${volume.name}`, `${v.name}: ${formatBytes(v.capacity)}.`) },
      )
    if (kind === 'upload')
      upload.mutation.mutate(
        { hostId, pool, name: name.trim(), localPath },
        { onSuccess: (r) => done(`Uploaded ${name.trim()}`, `${formatBytes(r.bytes)} from ${r.localPath}.`) },
      )
    if (kind === 'download' && volume !== undefined)
      download.mutation.mutate(
        { hostId, pool, name: volume.name, localPath, overwrite },
        { onSuccess: (r) => done(`Downloaded ${volume.name}`, `${formatBytes(r.bytes)} to ${r.localPath}.`) },
      )
  }
  const error = call.mutation.error
  return (
    <Modal
      opened
      onClose={() => !running && onClose()}
      title={`${TITLES[kind]} ${kind === 'upload' ? pool : (volume?.name ?? '')}`}
      size="lg"
      closeOnClickOutside={!running}
    >
      <Stack gap="sm">
        {kind !== 'clone' && (
          <TextInput
            label={kind === 'upload' ? 'Local file (on this computer)' : 'Save as (on this computer)'}
            placeholder={kind === 'upload' ? '/home/me/Downloads/debian.qcow2' : '/home/me/backup.qcow2'}
            value={localPath}
            onChange={(e) => {
              setLocalPath(e.currentTarget.value)
              setTouched(true)
            }}
            error={touched ? pathProblem : undefined}
            disabled={running}
            data-autofocus
          />
        )}
        {kind !== 'download' && (
          <TextInput
            label={kind === 'clone' ? 'Name of the copy' : 'Name of the new volume'}
            value={name}
            onChange={(e) => {
              setName(e.currentTarget.value)
              setTouched(true)
            }}
            error={touched ? nameProblem : undefined}
            disabled={running}
            {...(kind === 'clone' ? { 'data-autofocus': true } : {})}
          />
        )}
        {kind === 'upload' && (
          <Text size="xs" c="dimmed">
            A qcow2 file becomes a qcow2 volume of its virtual size; anything else (raw, ISO) a raw volume.
          </Text>
        )}
        {kind === 'download' && (
          <Checkbox
            label="Replace the file if it exists"
            checked={overwrite}
            onChange={(e) => setOverwrite(e.currentTarget.checked)}
            disabled={running}
          />
        )}
        {running && (
          <Stack gap={4} role="status" aria-live="polite">
            <Text size="sm">{call.progress?.message ?? 'Starting…'}</Text>
            <Progress value={(call.progress?.fraction ?? 0.03) * 100} aria-label="Copy progress" animated />
          </Stack>
        )}
        {error !== null && !running && (
          <Alert
            color={error.code === 'CANCELLED' ? 'gray' : 'red'}
            title={error.code === 'CANCELLED' ? 'Cancelled' : 'The copy failed'}
          >
            {error.code === 'CANCELLED' ? 'Nothing half-copied was kept.' : <ErrorDetails error={error} />}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={running ? call.cancel : onClose}>
            Cancel
          </Button>
          <Button onClick={submit} loading={running} disabled={touched && problem !== undefined}>
            {kind === 'clone' ? 'Clone' : kind === 'upload' ? 'Upload' : 'Download'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
