import { Alert, Button, Group, List, Loader, Stack, Text } from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import type { HwApplyResult, HwEdit } from '@shared/vm-hardware.js'
import { ErrorDetails } from '../notify/ErrorDetails'
import { DevicesCard } from './DevicesCard'
import { DisksCard } from './DisksCard'
import { DisplayCard } from './DisplayCard'
import { HwPreviewModal } from './HwPreviewModal'
import { MachineCard } from './MachineCard'
import { NicsCard } from './NicsCard'
import { useHwApply, useHwPreview, useVmHardware } from './useVmHardware'

interface Props {
  hostId: string
  uuid: string
  vm: string
}

function AppliedAlert({ result, onClose }: { result: HwApplyResult; onClose(): void }): JSX.Element {
  const failed = result.live.filter((l) => !l.ok)
  return (
    <Alert
      color={failed.length > 0 ? 'yellow' : 'teal'}
      title="Applied"
      role="status"
      withCloseButton
      onClose={onClose}
    >
      <Text size="sm">{result.change.summary}. Undo it from the Changes page.</Text>
      {result.live.length > 0 && (
        <List size="sm">
          {result.live.map((l) => (
            <List.Item key={l.what}>
              {l.ok ? '✓' : '✗'} {l.what}
              {l.message === undefined ? '' : `: ${l.message}`}
            </List.Item>
          ))}
        </List>
      )}
      {failed.length > 0 && <Text size="sm">What could not be applied live waits for the next boot.</Text>}
    </Alert>
  )
}

/**
 * A VM's hardware without XML: disks and CD-ROMs, network cards, boot, memory and vCPUs, display,
 * host devices, TPM and shared folders. Every edit is previewed (XML diff, libvirt's verdict, what
 * applies now and what waits for the next boot) and applied as one change with XML history and undo.
 */
export function HardwareTab({ hostId, uuid, vm }: Props): JSX.Element {
  const view = useVmHardware(hostId, vm, uuid)
  const preview = useHwPreview()
  const apply = useHwApply()
  const [edit, setEdit] = useState<HwEdit | null>(null)
  const [result, setResult] = useState<HwApplyResult | null>(null)

  const start = (next: HwEdit): void => {
    apply.mutation.reset()
    setEdit(next)
    preview.mutation.mutate({ hostId, vm, edit: next })
  }
  const close = (): void => {
    setEdit(null)
    preview.mutation.reset()
    apply.mutation.reset()
  }

  if (view.isPending) return <Loader size="sm" aria-label="Reading the hardware" />
  if (view.error !== null)
    return (
      <Alert color="red" title={`Could not read the hardware of ${vm}`}>
        <ErrorDetails error={view.error} />
      </Alert>
    )
  const data = view.data
  return (
    <Stack gap="lg">
      {result !== null && <AppliedAlert result={result} onClose={() => setResult(null)} />}
      {data.running && data.restartNeeded.length > 0 && (
        <Alert color="yellow" title="Restart needed" aria-label="Restart needed" role="note">
          <Text size="sm">
            {vm} runs with its old hardware for these until it is shut down and started again:
          </Text>
          <List size="sm">
            {data.restartNeeded.map((r) => (
              <List.Item key={r}>{r}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      <Group justify="flex-end">
        <Button
          variant="subtle"
          size="compact-sm"
          onClick={() => void view.refetch()}
          loading={view.isFetching}
        >
          Read again
        </Button>
      </Group>
      <DisksCard view={data} onPreview={start} />
      <NicsCard view={data} onPreview={start} />
      <MachineCard view={data} onPreview={start} />
      <DisplayCard key={JSON.stringify([data.graphics, data.video])} view={data} onPreview={start} />
      <DevicesCard key={JSON.stringify([data.tpm, data.filesystems])} view={data} onPreview={start} />
      <HwPreviewModal
        opened={edit !== null}
        hostId={hostId}
        edit={edit}
        preview={preview}
        apply={apply}
        onClose={close}
        onApplied={(applied) => {
          setResult(applied)
          close()
        }}
      />
    </Stack>
  )
}
