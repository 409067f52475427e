import { Alert, Checkbox, Group, NumberInput, Select, Stack, Text } from '@mantine/core'
import type { JSX } from 'react'
import { formatBytes } from '../format'
import type { StepProps } from './NameStep'
import type { WizardDraft } from './wizardDraft'

const PREALLOCATION_HELP: Record<WizardDraft['preallocation'], string> = {
  metadata:
    'Recommended. qcow2 writes its metadata up front: without it a guest’s disk I/O can be up to 5× slower while the image grows. Takes almost no space.',
  off: 'Nothing written in advance: the file grows as the guest writes, and the guest’s disk is slower meanwhile.',
  full: 'The whole size is written now: as fast as it gets, but it takes the full space and a while to create.',
}

export function ResourcesStep({ draft, offer, set }: StepProps): JSX.Element {
  const pools = (offer.pools ?? []).filter((p) => p.active)
  const pool = pools.find((p) => p.name === draft.diskPool)
  return (
    <Stack gap="md">
      <Group grow align="flex-start">
        <NumberInput
          label="Memory (MiB)"
          min={16}
          step={256}
          value={draft.memoryMiB}
          onChange={(value) => set({ memoryMiB: Number(value) })}
          description={`${formatBytes(draft.memoryMiB * 1024 ** 2)}`}
        />
        <NumberInput
          label="vCPUs"
          min={1}
          max={1024}
          value={draft.vcpus}
          onChange={(value) => set({ vcpus: Number(value) })}
        />
      </Group>
      {draft.install === 'import' ? (
        <Text size="sm" c="dimmed">
          The imported disk is the VM’s disk: no new disk is created.
        </Text>
      ) : (
        <Stack gap="sm">
          <Checkbox
            label="Create a new disk"
            checked={draft.newDisk}
            onChange={(event) => set({ newDisk: event.currentTarget.checked })}
          />
          {draft.newDisk && pools.length === 0 && (
            <Alert color="orange" variant="light" title="No active storage pool">
              Create or start one in Storage, or create the VM without a disk.
            </Alert>
          )}
          {draft.newDisk && pools.length > 0 && (
            <>
              <Group grow align="flex-start">
                <Select
                  label="Storage pool"
                  data={pools.map((p) => p.name)}
                  value={draft.diskPool || null}
                  onChange={(value) => set({ diskPool: value ?? '' })}
                  description={
                    pool?.available === undefined ? undefined : `${formatBytes(pool.available)} free`
                  }
                  allowDeselect={false}
                />
                <NumberInput
                  label="Size (GiB)"
                  min={0.0625}
                  step={1}
                  decimalScale={4}
                  value={draft.diskSizeGiB}
                  onChange={(value) => set({ diskSizeGiB: Number(value) })}
                />
              </Group>
              <Group grow align="flex-start">
                <Select
                  label="Format"
                  data={[
                    { value: 'qcow2', label: 'qcow2 (snapshots, grows as used)' },
                    { value: 'raw', label: 'raw' },
                  ]}
                  value={draft.diskFormat}
                  onChange={(value) =>
                    set({
                      diskFormat: value === 'raw' ? 'raw' : 'qcow2',
                      preallocation:
                        value === 'raw' && draft.preallocation === 'metadata' ? 'off' : draft.preallocation,
                    })
                  }
                  allowDeselect={false}
                />
                <Select
                  label="Preallocation"
                  data={[
                    {
                      value: 'metadata',
                      label: 'Metadata (recommended)',
                      disabled: draft.diskFormat !== 'qcow2',
                    },
                    { value: 'off', label: 'None' },
                    { value: 'full', label: 'Full' },
                  ]}
                  value={draft.preallocation}
                  onChange={(value) =>
                    set({ preallocation: value === 'off' || value === 'full' ? value : 'metadata' })
                  }
                  allowDeselect={false}
                />
              </Group>
              <Text size="xs" c="dimmed">
                {PREALLOCATION_HELP[draft.preallocation]}
              </Text>
            </>
          )}
        </Stack>
      )}
    </Stack>
  )
}
