import { Alert, Button, Card, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import type { XenStatus } from '../../../shared/contract'
import { useApplyNested, useXenPlan } from '../api/useNested'
import { ErrorDetails } from '../notify/ErrorDetails'
import { ConfirmModal } from './ConfirmModal'
import { PlanPreview } from './PlanPreview'

/** Xen: nested HVM for one guest, by editing its xl config (/etc/xen/<name>.cfg); same preview, apply and undo. */
export function XenGuestCard({
  hostId,
  hostName,
  xen,
}: {
  hostId: string
  hostName: string
  xen: XenStatus
}): JSX.Element {
  const [domain, setDomain] = useState<string>(xen.guestConfigs[0] ?? '')
  const [confirming, setConfirming] = useState(false)
  const plan = useXenPlan()
  const apply = useApplyNested(hostId)
  const preview = plan.data
  const canApply = preview !== undefined && preview.blockers.length === 0 && preview.files.length > 0

  const choose = (value: string): void => {
    setDomain(value)
    plan.reset()
    apply.mutation.reset()
  }
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="xen-title">
      <Title order={3} size="h4" id="xen-title" mb={4}>
        Xen guests: nested HVM
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {hostName} runs Xen{xen.version === null ? '' : ` ${xen.version}`}. For a guest, VirtDeck sets
        nestedhvm = 1, hap = 1 and hides the hypervisor CPUID bit in its xl config, keeping every other line
        and comment.
      </Text>
      <Group align="flex-end" gap="sm">
        {xen.guestConfigs.length > 0 ? (
          <Select
            label="Guest configuration"
            data={xen.guestConfigs.map((name) => ({ value: name, label: `${name} (/etc/xen/${name}.cfg)` }))}
            value={domain}
            onChange={(value) => choose(value ?? '')}
            allowDeselect={false}
            w={320}
          />
        ) : (
          <TextInput
            label="Guest name (/etc/xen/NAME.cfg)"
            value={domain}
            onChange={(event) => choose(event.currentTarget.value)}
            w={320}
          />
        )}
        <Button
          variant="default"
          onClick={() => plan.mutate({ hostId, domain })}
          loading={plan.isPending}
          disabled={domain === ''}
        >
          Preview guest change
        </Button>
        {preview !== undefined && (
          <Button onClick={() => setConfirming(true)} disabled={!canApply}>
            Apply to {preview.domain}…
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
          <PlanPreview plan={preview} label={`Preview: nested HVM for ${preview.domain}`} />
        </Stack>
      )}
      {apply.mutation.data !== undefined && (
        <Alert color="teal" mt="md" title="Applied" role="status">
          {`/etc/xen/${preview?.domain ?? domain}.cfg was changed. Shut the guest down and create it again (xl shutdown, xl create) for it to take effect.`}
        </Alert>
      )}
      <ConfirmModal
        opened={confirming}
        title={`Change ${preview?.domain ?? domain} on ${hostName}?`}
        confirmLabel="Apply changes"
        running={apply.mutation.isPending}
        progress={apply.progress}
        error={apply.mutation.error}
        onConfirm={() =>
          preview &&
          apply.mutation.mutate({ hostId, planId: preview.id }, { onSuccess: () => setConfirming(false) })
        }
        onClose={() => setConfirming(false)}
        onCancelRunning={apply.cancel}
      >
        <Text size="sm">The guest's config file is backed up, then written exactly as previewed.</Text>
      </ConfirmModal>
    </Card>
  )
}
