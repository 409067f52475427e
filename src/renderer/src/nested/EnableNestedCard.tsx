import { Alert, Button, Card, Group, Radio, Stack, Text, Title } from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import type { NestedStatus } from '../../../shared/contract'
import type { NestedMethod } from '../../../shared/nested'
import { useApplyNested, useNestedPlan } from '../api/useNested'
import { ErrorDetails } from '../notify/ErrorDetails'
import { ConfirmModal } from './ConfirmModal'
import { PlanPreview } from './PlanPreview'

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
  const [confirming, setConfirming] = useState(false)
  const plan = useNestedPlan()
  const apply = useApplyNested(hostId)
  const text = explanations(status)
  const preview = plan.data
  const applied = apply.mutation.data
  const canApply =
    preview !== undefined &&
    preview.blockers.length === 0 &&
    (preview.files.length > 0 || preview.commands.length > 0)

  const choose = (value: string): void => {
    setMethod(value as NestedMethod)
    plan.reset()
    apply.mutation.reset()
  }
  const previewChanges = (): void => {
    apply.mutation.reset()
    plan.mutate({ hostId, method })
  }
  const confirm = (): void => {
    if (preview === undefined) return
    apply.mutation.mutate({ hostId, planId: preview.id }, { onSuccess: () => setConfirming(false) })
  }

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="nested-enable-title">
      <Title order={3} size="h4" id="nested-enable-title" mb={4}>
        Turn on nested KVM
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        Lets VMs on {hostName} run their own VMs. Nothing changes until you preview the change and apply it.
      </Text>
      <Radio.Group value={method} onChange={choose} label="Method" name="nested-method">
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
      <Group mt="md" gap="sm">
        <Button
          onClick={previewChanges}
          loading={plan.isPending}
          variant={preview === undefined ? 'filled' : 'default'}
        >
          Preview changes
        </Button>
        {preview !== undefined && (
          <Button onClick={() => setConfirming(true)} disabled={!canApply}>
            Apply…
          </Button>
        )}
      </Group>
      {plan.error !== null && (
        <Alert color="red" mt="md" title="Could not preview the change">
          <ErrorDetails error={plan.error} />
        </Alert>
      )}
      {preview !== undefined && (
        <Stack mt="md">
          <PlanPreview plan={preview} label={`Preview: ${text[method].label}`} />
        </Stack>
      )}
      {applied !== undefined && (
        <Alert color="teal" mt="md" title="Applied" role="status">
          {`Nested now: ${applied.status.nestedNow === 'Y' ? 'on' : applied.status.nestedNow === 'N' ? 'off' : 'unknown'}${applied.change.rebootRequired ? '. Reboot the host for the kernel parameter to take effect.' : '.'}`}{' '}
          Undo it from “Applied changes” below.
        </Alert>
      )}
      <ConfirmModal
        opened={confirming}
        title={`Apply to ${hostName}?`}
        confirmLabel="Apply changes"
        running={apply.mutation.isPending}
        progress={apply.progress}
        error={apply.mutation.error}
        onConfirm={confirm}
        onClose={() => setConfirming(false)}
        onCancelRunning={apply.cancel}
      >
        <Text size="sm">
          {preview?.files.length ?? 0} file(s) will be written and {preview?.commands.length ?? 0} command(s)
          run as root, exactly as previewed.
          {preview?.rebootRequired === true && ' A reboot is needed afterwards.'}
        </Text>
      </ConfirmModal>
    </Card>
  )
}
