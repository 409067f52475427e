import { Alert, Checkbox, Loader, Stack, Text } from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import type { DomainSummary } from '@shared/vms.js'
import { useDeleteVm } from '../api/useVmMutations'
import { useVmDeletionPlan } from '../api/useVms'
import { ErrorDetails } from '../notify/ErrorDetails'
import { notifyFailure, notifySuccess } from '../notify/notify'
import { ConfirmDialog } from '../ui/ConfirmDialog'
import { formatBytes } from './format'
import { vmKey } from './useVmActions'
// vagrant: begin
import { VagrantDeleteWarning } from '../vagrant/VagrantTag'
// vagrant: end

interface Props {
  vm: DomainSummary
  onClose(): void
  /** Marks the VM busy while it is deleted; returns the function that clears it. */
  mark(vm: DomainSummary, doing: string): () => void
  onDeleted?(): void
}

/**
 * Delete a VM: its definition always (with NVRAM, managed save, snapshot metadata); each storage
 * file only when its box is ticked, and none is ticked at first — disks are the user's data.
 */
export function DeleteVmDialog({ vm, onClose, mark, onDeleted }: Props): JSX.Element {
  const plan = useVmDeletionPlan(vm.hostId, vm.uuid, true)
  const remove = useDeleteVm()
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set())
  const toggle = (path: string, on: boolean): void =>
    setChosen((current) => {
      const next = new Set(current)
      if (on) next.add(path)
      else next.delete(path)
      return next
    })

  const confirm = (): void => {
    const clear = mark(vm, 'Deleting')
    const removeStorage = [...chosen]
    remove
      .mutateAsync({
        hostId: vm.hostId,
        uuid: vm.uuid,
        name: vm.name,
        removeStorage,
        forceOff: plan.data?.running === true,
      })
      .then(
        (result) => {
          onClose()
          onDeleted?.()
          if (result.failed.length > 0) {
            notifyFailure({
              id: `vm:${vmKey(vm)}`,
              title: `Deleted ${vm.name}, but not all of its storage`,
              error: {
                code: 'COMMAND_FAILED',
                message: result.failed.map((f) => `${f.path}: ${f.reason}`).join('\n'),
              },
            })
          } else {
            notifySuccess(
              `vm:${vmKey(vm)}`,
              `Deleted ${vm.name}`,
              result.removed.length > 0
                ? `Removed ${result.removed.length} storage file${result.removed.length === 1 ? '' : 's'} with it.`
                : 'Its storage files were kept.',
            )
          }
        },
        (error: unknown) =>
          notifyFailure({ id: `vm:${vmKey(vm)}`, title: `Could not delete ${vm.name}`, error }),
      )
      .finally(clear)
  }

  const data = plan.data
  return (
    <ConfirmDialog
      opened
      title={`Delete ${vm.name}?`}
      confirmLabel="Delete"
      danger
      busy={remove.isPending}
      disabled={data === undefined}
      onConfirm={confirm}
      onClose={onClose}
    >
      {/* vagrant: begin */}
      <VagrantDeleteWarning hostId={vm.hostId} uuid={vm.uuid} />
      {/* vagrant: end */}
      {plan.isPending && <Loader size="sm" aria-label="Reading what would be deleted" />}
      {plan.error !== null && (
        <Alert color="red" title="Could not read what would be deleted">
          <ErrorDetails error={plan.error} />
        </Alert>
      )}
      {data !== undefined && (
        <Stack gap="sm">
          <Text size="sm">
            The definition of {data.name} is removed
            {data.nvram !== undefined || data.firmware === 'uefi' ? ', with its UEFI variables (NVRAM)' : ''}
            {data.hasSnapshots ? ' and its snapshot metadata' : ''}
            {data.managedSave ? ' and its saved memory image' : ''}.
          </Text>
          {data.running && (
            <Alert color="orange" variant="light" title="It is running">
              Deleting forces it off first, like pulling the plug.
            </Alert>
          )}
          {data.disks.length === 0 ? (
            <Text size="sm" c="dimmed">
              It has no storage files.
            </Text>
          ) : (
            <Stack gap={6} role="group" aria-label="Storage files to delete too">
              <Text size="sm" fw={600}>
                Also delete these files? Unticked files are kept.
              </Text>
              {data.disks.map((disk) => (
                <Checkbox
                  key={disk.path}
                  checked={chosen.has(disk.path)}
                  onChange={(event) => toggle(disk.path, event.currentTarget.checked)}
                  label={disk.path}
                  description={`${disk.target} · ${disk.device}${disk.size === undefined ? '' : ` · ${formatBytes(disk.size)}`}${disk.inPool ? ` · in pool ${disk.pool ?? ''}`.trimEnd() : ''}${disk.device === 'cdrom' ? ' · installation media, maybe shared with other VMs' : ''}`}
                  styles={{
                    label: { fontFamily: 'var(--mantine-font-family-monospace)', wordBreak: 'break-all' },
                  }}
                />
              ))}
            </Stack>
          )}
        </Stack>
      )}
    </ConfirmDialog>
  )
}
