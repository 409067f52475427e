import { Code, Group, Stack, Title } from '@mantine/core'
import type { JSX } from 'react'
import { CopyButton } from '../checks/CopyButton'
import { useApplyHostPlan, useHostPlan } from '../api/usePassthrough'
import { PlanPreview } from '../ui/changes/PlanPreview'
import { PreviewApplyCard } from '../ui/changes/PreviewApplyCard'
import { short } from './GpuCard'

/** The host preparation for one card as one change: preview (diffs, commands, rescue note), apply. */
export function HostPlanCard({
  hostId,
  hostName,
  gpu,
}: {
  hostId: string
  hostName: string
  gpu: string
}): JSX.Element {
  const plan = useHostPlan()
  const apply = useApplyHostPlan()
  const applied = apply.mutation.data
  return (
    <PreviewApplyCard
      title="Prepare the host"
      intro={
        <>
          IOMMU on the kernel command line, the card’s functions bound to vfio-pci, the initramfs rebuilt —
          for this host’s CPU, distribution and bootloader. Nothing changes until you apply; a reboot follows.
        </>
      }
      hostId={hostId}
      plan={plan}
      apply={apply}
      previewLabel={`Preview host plan for ${short(gpu)}`}
      previewVariant={plan.data === undefined ? 'filled' : 'default'}
      onPreview={() => {
        apply.mutation.reset()
        plan.mutate({ hostId, gpu })
      }}
      applyLabel={() => 'Apply…'}
      canApply={(p) => p.id !== '' && p.blockers.length === 0}
      applied={
        applied === undefined
          ? undefined
          : {
              title: 'Applied — reboot the host',
              text: 'After the reboot VirtDeck checks the IOMMU, the parameters, vfio-pci and the host’s own GPU by itself (below). Undo is on the Changes page.',
            }
      }
      confirmTitle={`Prepare ${hostName} for passthrough?`}
      confirmText={
        <>
          {plan.data?.files.length ?? 0} file(s) will be written and {plan.data?.commands.length ?? 0}{' '}
          command(s) run as root, exactly as previewed. Keep the rescue note at hand before rebooting.
        </>
      }
    >
      {(previewed) => {
        // The backup folder is named when the change is applied; until then the note says where it will be.
        const rescue = previewed.rescue.replaceAll(
          '{{BACKUP_DIR}}',
          applied?.backupFolder ?? '/var/lib/virtdeck/backups/<folder of this change, named when applied>',
        )
        return (
          <Stack gap="sm">
            <PlanPreview plan={previewed} label={`Host plan for ${short(gpu)}`} />
            <Stack gap={4} component="section" aria-label="Rescue note">
              <Group justify="space-between">
                <Title order={4} size="h6">
                  If the screen stays black: the rescue note
                </Title>
                <CopyButton text={rescue} label="Copy the rescue note" />
              </Group>
              <Code block>{rescue}</Code>
            </Stack>
          </Stack>
        )
      }}
    </PreviewApplyCard>
  )
}
