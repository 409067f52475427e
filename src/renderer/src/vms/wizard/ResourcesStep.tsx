import { Alert, Checkbox, Code, Group, NumberInput, Select, Stack, Text } from '@mantine/core'
import type { JSX } from 'react'
import { formatBytes } from '../format'
import type { StepProps } from './NameStep'
import {
  DISK_GIB,
  diskSizeProblem,
  MEMORY_MIB,
  memoryProblem,
  resourceWarnings,
  VCPUS,
  vcpusProblem,
} from './resources'
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
  // Said at the field as typed; nothing is clamped or rounded behind the user's back.
  const warnings = resourceWarnings(draft, { hostMemoryBytes: offer.caps?.memoryBytes, pool })
  return (
    <Stack gap="md">
      <Group grow align="flex-start">
        <NumberInput
          label="Memory (MiB)"
          min={MEMORY_MIB.min}
          max={MEMORY_MIB.max}
          clampBehavior="none"
          step={256}
          value={draft.memoryMiB}
          onChange={(value) => set({ memoryMiB: Number(value) })}
          description={`${formatBytes(draft.memoryMiB * 1024 ** 2)}`}
          error={memoryProblem(draft.memoryMiB)}
        />
        <NumberInput
          label="vCPUs"
          min={VCPUS.min}
          max={VCPUS.max}
          clampBehavior="none"
          value={draft.vcpus}
          onChange={(value) => set({ vcpus: Number(value) })}
          error={vcpusProblem(draft.vcpus)}
        />
      </Group>
      {warnings.memory !== undefined && (
        <Alert color="orange" variant="light" title="More memory than the host has">
          {warnings.memory}
        </Alert>
      )}
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
              Start one on the Storage page (or define one with <Code>virsh pool-define-as</Code>), or create
              the VM without a disk.
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
                  min={DISK_GIB.min}
                  max={DISK_GIB.max}
                  clampBehavior="none"
                  step={1}
                  decimalScale={4}
                  value={draft.diskSizeGiB}
                  onChange={(value) => set({ diskSizeGiB: Number(value) })}
                  error={diskSizeProblem(draft.diskSizeGiB)}
                />
              </Group>
              {warnings.disk !== undefined && (
                <Alert color="orange" variant="light" title="Bigger than the pool’s free space">
                  {warnings.disk}
                </Alert>
              )}
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
