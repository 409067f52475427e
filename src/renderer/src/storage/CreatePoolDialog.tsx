import {
  Alert,
  Button,
  Checkbox,
  Code,
  Group,
  List,
  Modal,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import type { AppError } from '@shared/errors.js'
import { POOL_KIND_WORDS, poolSpecSchema } from '@shared/pool-create.js'
import type { PoolKind, PoolPreview, PoolSpec } from '@shared/pool-create.js'
import { usePoolAdmin, usePoolKinds } from '../api/useStorageAdmin'
import { invoke } from '../api/virtdeck'
import { ErrorDetails } from '../notify/ErrorDetails'
import { notifySuccess } from '../notify/notify'
import { fieldErrors } from './fieldErrors'

interface Draft {
  kind: PoolKind
  name: string
  path: string
  volumeGroup: string
  devices: string
  server: string
  exportPath: string
  target: string
}

const EMPTY: Draft = {
  kind: 'dir',
  name: '',
  path: '',
  volumeGroup: '',
  devices: '',
  server: '',
  exportPath: '',
  target: '',
}

function specOf(d: Draft): PoolSpec {
  switch (d.kind) {
    case 'dir':
      return { kind: 'dir', name: d.name, path: d.path }
    case 'logical':
      return {
        kind: 'logical',
        name: d.name,
        volumeGroup: d.volumeGroup,
        devices: d.devices
          .split('\n')
          .map((s) => s.trim())
          .filter((s) => s !== ''),
      }
    case 'netfs':
      return { kind: 'netfs', name: d.name, server: d.server, exportPath: d.exportPath, path: d.path }
    case 'iscsi':
      return {
        kind: 'iscsi',
        name: d.name,
        server: d.server,
        target: d.target,
        path: d.path || '/dev/disk/by-path',
      }
  }
}

/** A new storage pool: the kinds this host's libvirt supports, each field checked as typed, the XML shown before it is defined. */
export function CreatePoolDialog({ hostId, onClose }: { hostId: string; onClose(): void }): JSX.Element {
  const kinds = usePoolKinds(hostId)
  const create = usePoolAdmin('pools.create')
  const [draft, setDraft] = useState<Draft>(EMPTY)
  const [touched, setTouched] = useState<Set<string>>(new Set())
  const [preview, setPreview] = useState<PoolPreview | null>(null)
  const [previewError, setPreviewError] = useState<AppError | null>(null)
  const [previewing, setPreviewing] = useState(false)
  const [start, setStart] = useState(true)
  const [autostart, setAutostart] = useState(true)
  const spec = specOf(draft)
  const errors = fieldErrors(poolSpecSchema, spec)
  const invalid = Object.keys(errors).length > 0
  const set = (key: keyof Draft) => (value: string) => {
    setDraft((d) => ({ ...d, [key]: value }))
    setTouched((t) => new Set(t).add(key))
    setPreview(null)
    setPreviewError(null)
  }
  const shown = (key: string): string | undefined => (touched.has(key) ? errors[key] : undefined)
  const field = (key: keyof Draft, label: string, placeholder: string, description?: string): JSX.Element => (
    <TextInput
      label={label}
      placeholder={placeholder}
      value={draft[key]}
      onChange={(e) => set(key)(e.currentTarget.value)}
      error={shown(key)}
      {...(description === undefined ? {} : { description })}
    />
  )

  const showPreview = (): void => {
    setTouched(new Set(Object.keys(EMPTY)))
    if (invalid) return
    setPreviewing(true)
    invoke('pools.preview', { hostId, spec })
      .then(setPreview, setPreviewError)
      .finally(() => setPreviewing(false))
  }
  const submit = (): void =>
    create.mutate(
      { hostId, spec, start, autostart: start && autostart },
      {
        onSuccess: () => {
          notifySuccess(
            `pool:${hostId}`,
            `Created the pool ${draft.name.trim()}`,
            start ? 'It is running.' : 'It is defined.',
          )
          onClose()
        },
      },
    )

  return (
    <Modal opened onClose={() => !create.isPending && onClose()} title="New storage pool" size="lg">
      <Stack gap="sm">
        <Select
          label="Kind"
          data={(kinds.data ?? [{ kind: 'dir', label: POOL_KIND_WORDS.dir, supported: true }]).map((k) => ({
            value: k.kind,
            label: k.supported ? k.label : `${k.label} (not supported by libvirt on this host)`,
            disabled: !k.supported,
          }))}
          value={draft.kind}
          onChange={(v) => v !== null && set('kind')(v)}
          allowDeselect={false}
        />
        {field('name', 'Name', 'images2')}
        {draft.kind === 'dir' && field('path', 'Directory', '/srv/vm-images', 'Created when missing.')}
        {draft.kind === 'logical' && (
          <>
            {field('volumeGroup', 'Volume group', 'vg_vms')}
            <Textarea
              label="Devices (one per line)"
              description="Only to make a new volume group: building writes an LVM label on them. Leave empty for an existing group."
              placeholder="/dev/sdb"
              value={draft.devices}
              onChange={(e) => set('devices')(e.currentTarget.value)}
              error={
                Object.entries(errors).find(([k]) => k.startsWith('devices') && touched.has('devices'))?.[1]
              }
              autosize
              minRows={2}
            />
          </>
        )}
        {(draft.kind === 'netfs' || draft.kind === 'iscsi') &&
          field('server', 'Server', 'nas.example.org or 192.0.2.10')}
        {draft.kind === 'netfs' && field('exportPath', 'Exported directory', '/export/vms')}
        {draft.kind === 'netfs' && field('path', 'Mount point on the host', '/var/lib/libvirt/nfs-vms')}
        {draft.kind === 'iscsi' && field('target', 'Target IQN', 'iqn.2024-01.org.example:vms')}
        {draft.kind !== 'iscsi' && (
          <Group>
            <Checkbox label="Start now" checked={start} onChange={(e) => setStart(e.currentTarget.checked)} />
            <Checkbox
              label="Start at boot"
              checked={autostart && start}
              disabled={!start}
              onChange={(e) => setAutostart(e.currentTarget.checked)}
            />
          </Group>
        )}
        {previewError !== null && (
          <Alert color="red" title="Cannot create this pool">
            <ErrorDetails error={previewError} />
          </Alert>
        )}
        {preview !== null && (
          <Stack gap={4}>
            <Text size="sm" fw={600}>
              libvirt will be given
            </Text>
            <Code block aria-label="Pool XML">
              {preview.xml}
            </Code>
            {preview.notes.length > 0 && (
              <List size="sm" spacing={2}>
                {preview.notes.map((n) => (
                  <List.Item key={n}>{n}</List.Item>
                ))}
              </List>
            )}
          </Stack>
        )}
        {create.error !== null && (
          <Alert color="red" title="The pool was not created">
            <ErrorDetails error={create.error} />
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={create.isPending}>
            Cancel
          </Button>
          {preview === null ? (
            <Button
              onClick={showPreview}
              loading={previewing}
              disabled={invalid && touched.size >= Object.keys(EMPTY).length}
            >
              Review
            </Button>
          ) : (
            <Button onClick={submit} loading={create.isPending}>
              Create pool
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  )
}
