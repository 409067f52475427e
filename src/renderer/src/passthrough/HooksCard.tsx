import { Alert, Code, List, Select, Stack, TextInput, Title } from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import type { GpuReport } from '@shared/passthrough.js'
import { useVmNames } from '../api/useNested'
import { useApplyHooks, useHooksPlan } from '../api/usePassthrough'
import { DiffView } from '../ui/DiffView'
import { PreviewApplyCard } from '../ui/changes/PreviewApplyCard'
import { short } from './GpuCard'

/** Single-GPU passthrough (advanced): the libvirt hook scripts for one VM, previewed in full, installed as one change. */
export function HooksCard({ hostId, gpu }: { hostId: string; gpu: GpuReport }): JSX.Element {
  const names = useVmNames(hostId)
  const plan = useHooksPlan()
  const apply = useApplyHooks()
  const [vm, setVm] = useState<string | null>(null)
  const [dm, setDm] = useState('')
  return (
    <PreviewApplyCard
      title="Single-GPU passthrough (advanced)"
      intro={
        <>
          Hook scripts that stop the display manager, give {short(gpu.address)} to the VM while it runs and
          give it back when it shuts down. The host has no picture meanwhile.
        </>
      }
      options={
        <Stack gap="sm" mb="md">
          <Select
            label="VM"
            placeholder="Choose a VM"
            data={names}
            value={vm}
            onChange={setVm}
            searchable
            maw={320}
          />
          <TextInput
            label="Display manager (optional)"
            description="Read from display-manager.service when empty, e.g. gdm.service"
            value={dm}
            onChange={(e) => setDm(e.currentTarget.value)}
            maw={320}
          />
        </Stack>
      }
      hostId={hostId}
      plan={plan}
      apply={apply}
      previewLabel="Preview hook scripts"
      previewDisabled={vm === null}
      onPreview={() => {
        apply.mutation.reset()
        plan.mutate({
          hostId,
          vm: vm ?? '',
          gpu: gpu.address,
          ...(dm.trim() === '' ? {} : { displayManager: dm.trim() }),
        })
      }}
      applyLabel={() => 'Install…'}
      canApply={(p) => p.id !== ''}
      applied={
        apply.mutation.data === undefined
          ? undefined
          : { title: 'Installed', text: 'Restart libvirtd once; undo from the Changes page.' }
      }
      confirmTitle="Install the single-GPU hook scripts?"
      confirmText="While the VM runs this host has no display. Keep SSH access from another device."
    >
      {(p) => (
        <Stack gap="sm">
          {p.blockers.length > 0 && (
            <Alert color="red" title="Cannot install" role="alert">
              <List size="sm">
                {p.blockers.map((b) => (
                  <List.Item key={b}>{b}</List.Item>
                ))}
              </List>
            </Alert>
          )}
          <Alert color="orange" title="Read this first">
            <List size="sm" spacing={2}>
              {p.warnings.map((w) => (
                <List.Item key={w}>{w}</List.Item>
              ))}
            </List>
          </Alert>
          {p.files.map((f) => (
            <Stack gap={4} key={f.path}>
              <Title order={4} size="h6">
                New file <Code>{f.path}</Code> (mode {f.mode})
              </Title>
              <DiffView diff={f.diff} label={`Changes to ${f.path}`} />
            </Stack>
          ))}
          {p.notes.map((n) => (
            <Alert color="gray" key={n}>
              {n}
            </Alert>
          ))}
        </Stack>
      )}
    </PreviewApplyCard>
  )
}
