import { Radio, Stack } from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import type { NestedStatus } from '@shared/nested.js'
import type { NestedMethod } from '@shared/nested.js'
import { useApplyNested, useNestedPlan } from '../api/useNested'
import { PlanPreview } from '../ui/changes/PlanPreview'
import { PreviewApplyCard } from '../ui/changes/PreviewApplyCard'

function bootloaderNote(kind: string | undefined): string {
  if (kind === undefined || kind === 'grub') return ''
  if (kind === 'unknown')
    return ' VirtDeck could not tell which bootloader this host uses: the preview says what to do instead.'
  return ` This host boots with ${kind}, not GRUB: the preview says what to do there instead.`
}

function explanations(status: NestedStatus): Record<NestedMethod, { label: string; description: string }> {
  const dashed = status.vendor === 'intel' ? 'kvm-intel' : 'kvm-amd'
  const module = status.module ?? 'kvm_intel or kvm_amd'
  const bootloader = status.bootloader?.kind
  return {
    modprobe: {
      label: 'Module option (modprobe)',
      description: `Writes “options ${dashed} nested=1” to /etc/modprobe.d/nested_virtualization.conf and reloads ${module}. Works at once, no reboot — but only while no VM is running.`,
    },
    grub: {
      label: 'Kernel parameter (bootloader)',
      description: `Adds ${dashed}.nested=1 to the kernel command line in /etc/default/grub and regenerates the GRUB menu. VMs can keep running; it takes effect after the next reboot.${bootloaderNote(bootloader)}`,
    },
  }
}

/** "Turn on nested KVM": choose a method, preview the exact change, apply it behind a confirmation. */
export function EnableNestedCard({
  hostId,
  hostName,
  status,
}: {
  hostId: string
  hostName: string
  status: NestedStatus
}): JSX.Element {
  const [method, setMethod] = useState<NestedMethod>('modprobe')
  const plan = useNestedPlan()
  const apply = useApplyNested(hostId)
  const text = explanations(status)
  const preview = plan.data
  const applied = apply.mutation.data

  const choose = (value: string): void => {
    setMethod(value as NestedMethod)
    plan.reset()
    apply.mutation.reset()
  }
  const previewChanges = (): void => {
    apply.mutation.reset()
    plan.mutate({ hostId, method })
  }

  return (
    <PreviewApplyCard
      title="Turn on nested KVM"
      intro={
        <>
          Lets VMs on {hostName} run their own VMs. Nothing changes until you preview the change and apply it.
        </>
      }
      options={
        <Radio.Group value={method} onChange={choose} label="Method" name="nested-method" mb="md">
          <Stack gap="sm" mt="xs">
            {(['modprobe', 'grub'] as const).map((value) => (
              <Radio
                key={value}
                value={value}
                label={text[value].label}
                description={text[value].description}
              />
            ))}
          </Stack>
        </Radio.Group>
      }
      hostId={hostId}
      plan={plan}
      apply={apply}
      previewLabel="Preview changes"
      previewVariant={preview === undefined ? 'filled' : 'default'}
      onPreview={previewChanges}
      applyLabel={() => 'Apply…'}
      canApply={(previewed) =>
        previewed.blockers.length === 0 && (previewed.files.length > 0 || previewed.commands.length > 0)
      }
      applied={
        applied === undefined
          ? undefined
          : {
              title: 'Applied',
              text: (
                <>
                  {`Nested now: ${applied.status.nestedNow === 'Y' ? 'on' : applied.status.nestedNow === 'N' ? 'off' : 'unknown'}${applied.change.rebootRequired ? '. Reboot the host for the kernel parameter to take effect.' : '.'}`}{' '}
                  Undo it from “Applied changes” below.
                </>
              ),
            }
      }
      confirmTitle={`Apply to ${hostName}?`}
      confirmText={
        <>
          {preview?.files.length ?? 0} file(s) will be written and {preview?.commands.length ?? 0} command(s)
          run as root, exactly as previewed.
          {preview?.rebootRequired === true && ' A reboot is needed afterwards.'}
        </>
      }
    >
      {(previewed) => <PlanPreview plan={previewed} label={`Preview: ${text[method].label}`} />}
    </PreviewApplyCard>
  )
}
