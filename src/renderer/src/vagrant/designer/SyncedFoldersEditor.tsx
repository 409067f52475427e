import { Alert, Button, Checkbox, Group, Select, Stack, Text, TextInput } from '@mantine/core'
import type { JSX } from 'react'
import type { SyncedFolder } from '@shared/vagrant.js'
import type { ErrorsAt } from './edit'
import { removeAt, replaceAt, textValue, withField } from './edit'

const TYPES = ['nfs', 'rsync', '9p', 'virtiofs'] as const

/** Synced folders; the default `.` → `/vagrant` can be turned off with one box. */
export function SyncedFoldersEditor({
  value,
  onChange,
  errors,
  sharedMemory,
  scopeLabel,
}: {
  value: SyncedFolder[]
  onChange(next: SyncedFolder[]): void
  errors: ErrorsAt
  /** Whether libvirt shared memory backing is on (virtiofs needs it). */
  sharedMemory: boolean
  scopeLabel: string
}): JSX.Element {
  const defaultOff = value.some(
    (f) => f.hostPath === '.' && f.guestPath === '/vagrant' && f.disabled === true,
  )
  const virtiofs = value.some((f) => f.type === 'virtiofs' && f.disabled !== true)
  return (
    <Stack gap="xs">
      <Checkbox
        label="Do not sync the project folder to /vagrant"
        checked={defaultOff}
        onChange={(e) =>
          onChange(
            e.currentTarget.checked
              ? [...value, { hostPath: '.', guestPath: '/vagrant', disabled: true }]
              : value.filter(
                  (f) => !(f.hostPath === '.' && f.guestPath === '/vagrant' && f.disabled === true),
                ),
          )
        }
      />
      {value.map((f, i) =>
        f.hostPath === '.' && f.guestPath === '/vagrant' && f.disabled === true ? null : (
          <Group key={i} align="flex-start" grow>
            <TextInput
              label={`Folder ${i + 1} on the host`}
              value={f.hostPath}
              error={errors(`syncedFolders.${i}.hostPath`)}
              onChange={(e) => onChange(replaceAt(value, i, { ...f, hostPath: e.currentTarget.value }))}
            />
            <TextInput
              label={`Folder ${i + 1} in the guest`}
              value={f.guestPath}
              error={errors(`syncedFolders.${i}.guestPath`)}
              onChange={(e) => onChange(replaceAt(value, i, { ...f, guestPath: e.currentTarget.value }))}
            />
            <Select
              label={`Folder ${i + 1} type`}
              placeholder="Vagrant's default"
              data={[...TYPES]}
              value={f.type ?? null}
              clearable
              onChange={(v) =>
                onChange(replaceAt(value, i, withField(f, 'type', (v ?? undefined) as SyncedFolder['type'])))
              }
            />
            <Group gap="xs" mt={26} grow={false}>
              <Checkbox
                label="Disabled"
                checked={f.disabled === true}
                onChange={(e) =>
                  onChange(
                    replaceAt(value, i, withField(f, 'disabled', e.currentTarget.checked || undefined)),
                  )
                }
              />
              <Button variant="subtle" color="red" size="xs" onClick={() => onChange(removeAt(value, i))}>
                Remove
              </Button>
            </Group>
          </Group>
        ),
      )}
      <Button
        variant="default"
        size="xs"
        w="fit-content"
        onClick={() => onChange([...value, { hostPath: textValue('./data') ?? '.', guestPath: '/data' }])}
      >
        Add synced folder
      </Button>
      {virtiofs && !sharedMemory && (
        <Alert color="orange" variant="light" title="virtiofs needs shared memory">
          <Text size="sm">
            A virtiofs folder ({scopeLabel}) only works when libvirt backs the guest's memory with shared
            memory: turn on “Shared memory” in the libvirt provider settings.
          </Text>
        </Alert>
      )}
    </Stack>
  )
}
