import { Alert, Checkbox, Code, Loader, SimpleGrid, Stack, Text } from '@mantine/core'
import type { JSX } from 'react'
import type { VmCreatePreview } from '@shared/vm-create.js'
import type { AppError } from '@shared/errors.js'
import { ErrorDetails } from '../../notify/ErrorDetails'
import { formatBytes } from '../format'
import type { WizardDraft } from './wizardDraft'

interface Props {
  draft: WizardDraft
  preview: VmCreatePreview | undefined
  loading: boolean
  error: AppError | null
  set(patch: Partial<WizardDraft>): void
}

function Fact({ label, value }: { label: string; value: string }): JSX.Element {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text size="sm">{value}</Text>
    </Stack>
  )
}

/** What will be made: the facts, the new disk, and the exact XML libvirt will get. */
export function ReviewStep({ draft, preview, loading, error, set }: Props): JSX.Element {
  const volume = preview?.newVolume
  return (
    <Stack gap="md">
      {loading && <Loader size="sm" aria-label="Preparing the definition" />}
      {error !== null && (
        <Alert color="red" title="The host does not accept this VM">
          <ErrorDetails error={error} />
        </Alert>
      )}
      {preview !== undefined && (
        <>
          <SimpleGrid cols={3} spacing="sm">
            <Fact label="Name" value={draft.name} />
            <Fact label="Memory" value={formatBytes(draft.memoryMiB * 1024 ** 2)} />
            <Fact label="vCPUs" value={String(draft.vcpus)} />
            <Fact label="Firmware" value={draft.firmware === 'uefi' ? 'UEFI' : 'BIOS'} />
            <Fact label="Machine" value={draft.machine || 'default'} />
            <Fact
              label="Network"
              value={
                draft.network === 'network'
                  ? `NAT (${draft.networkName})`
                  : draft.network === 'bridge'
                    ? `bridge ${draft.bridgeName}`
                    : 'none'
              }
            />
          </SimpleGrid>
          <Text size="sm">
            {volume === undefined
              ? draft.install === 'import'
                ? `Disk: ${draft.importPath} (imported).`
                : 'No new disk.'
              : `New disk: ${volume.name} in pool ${volume.pool}, ${formatBytes(volume.capacityBytes)}, ${volume.format}${volume.format === 'qcow2' ? `, preallocation ${volume.preallocation}` : ''}.`}
          </Text>
          <Stack gap={4}>
            <Text size="sm" fw={600} id="new-vm-xml-label">
              Definition (XML)
            </Text>
            <Code
              block
              aria-labelledby="new-vm-xml-label"
              style={{ maxHeight: 260, overflow: 'auto', fontSize: 12 }}
            >
              {preview.xml}
            </Code>
          </Stack>
          <Checkbox
            label="Start after creating"
            checked={draft.start}
            onChange={(event) => set({ start: event.currentTarget.checked })}
          />
        </>
      )}
    </Stack>
  )
}
