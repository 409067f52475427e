import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import { domainNameSchema } from '@shared/vm-create.js'
import type { DomainSummary } from '@shared/vms.js'
import { useVmNameCheck } from '../api/useVms'
import { ErrorDetails } from '../notify/ErrorDetails'
import { notifySuccess } from '../notify/notify'
import { useRenameVm } from './useVmMisc'

interface Props {
  vm: DomainSummary
  onClose(): void
}

/** What is wrong with the typed name, in the user's words; undefined when it may be used (as far as known). */
export function renameProblem(
  name: string,
  current: string,
  check: { available: boolean; problem?: string } | undefined,
): string | undefined {
  if (name === current) return 'This is its current name'
  const parsed = domainNameSchema.safeParse(name)
  if (!parsed.success) return parsed.error.issues[0]?.message ?? 'Not a valid name'
  if (check !== undefined && !check.available) return check.problem ?? 'This name is taken'
  return undefined
}

/** Rename a shut-off VM: the name checked as it is typed (rules and duplicates at the field). */
export function RenameVmDialog({ vm, onClose }: Props): JSX.Element {
  const [name, setName] = useState(vm.name)
  const rename = useRenameVm()
  const shutOff = vm.state === 'shutoff'
  const locallyValid = name !== vm.name && domainNameSchema.safeParse(name).success
  const check = useVmNameCheck(vm.hostId, name, shutOff && locallyValid)
  const problem = name === vm.name ? undefined : renameProblem(name, vm.name, check.data)
  const ready = shutOff && locallyValid && check.data?.available === true && !check.isFetching

  const submit = (): void => {
    if (!ready) return
    rename.mutate(
      { hostId: vm.hostId, uuid: vm.uuid, name: vm.name, newName: name },
      {
        onSuccess: (after) => {
          notifySuccess(`rename:${vm.hostId}/${vm.uuid}`, 'Renamed', `${vm.name} is now ${after.name}.`)
          onClose()
        },
      },
    )
  }

  return (
    <Modal opened onClose={() => !rename.isPending && onClose()} title={`Rename ${vm.name}`}>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          submit()
        }}
      >
        <Stack gap="md">
          {!shutOff && (
            <Alert color="yellow" title={`${vm.name} is ${vm.state}`}>
              libvirt renames only a shut-off VM. Shut it down (or force it off), then rename it.
            </Alert>
          )}
          <TextInput
            label="New name"
            description="Its disks, snapshots history and XML history stay with it; only the name changes."
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={problem}
            disabled={!shutOff || rename.isPending}
            data-autofocus
            aria-describedby={problem === undefined ? undefined : 'rename-problem'}
          />
          {check.isFetching && locallyValid && (
            <Text size="xs" c="dimmed" role="status">
              Checking that the name is free…
            </Text>
          )}
          {rename.error !== null && (
            <Alert color="red" title="Could not rename">
              <ErrorDetails error={rename.error} />
            </Alert>
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose} disabled={rename.isPending}>
              Cancel
            </Button>
            <Button type="submit" loading={rename.isPending} disabled={!ready}>
              Rename
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
