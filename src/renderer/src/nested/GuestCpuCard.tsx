import { Alert, Autocomplete, Button, Card, Code, Group, List, Stack, Text, Title } from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import type { GuestVerifyStep } from '../../../shared/contract'
import { useApplyGuestCpu, useGuestCpuPlan, useVmNames } from '../api/useNested'
import { CopyButton } from '../checks/CopyButton'
import { ErrorDetails } from '../notify/ErrorDetails'
import { ConfirmModal } from './ConfirmModal'
import { DiffView } from './DiffView'

function VerifySteps({ steps }: { steps: GuestVerifyStep[] }): JSX.Element {
  return (
    <Stack gap={4} component="section" aria-label="How to verify inside the guest">
      <Title order={4} size="h6">
        Check inside the guest (after shutting it down and starting it again)
      </Title>
      {steps.map((step) => (
        <Stack key={step.command} gap={0}>
          <Group gap="xs" wrap="nowrap">
            <Code>{step.command}</Code>
            <CopyButton text={step.command} label={`Copy command: ${step.command}`} />
          </Group>
          <Text size="xs" c="dimmed">
            {step.expect}
          </Text>
        </Stack>
      ))}
    </Stack>
  )
}

/** The guest side: give one VM the host's CPU (host-passthrough), previewed as a diff of its XML. */
export function GuestCpuCard({ hostId, hostName }: { hostId: string; hostName: string }): JSX.Element {
  const [vmName, setVmName] = useState('')
  const [confirming, setConfirming] = useState(false)
  const plan = useGuestCpuPlan()
  const vmNames = useVmNames(hostId)
  const apply = useApplyGuestCpu()
  const preview = plan.data
  const done = apply.mutation.data

  const edit = (value: string): void => {
    setVmName(value)
    plan.reset()
    apply.mutation.reset()
  }
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="guest-cpu-title">
      <Title order={3} size="h4" id="guest-cpu-title" mb={4}>
        Guest side: pass the CPU through
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        A VM sees VT-x or AMD-V only with {`<cpu mode='host-passthrough'/>`}. VirtDeck edits its definition
        (the old one is kept in the history) and defines it again.
      </Text>
      <Group align="flex-end" gap="sm">
        <Autocomplete
          label="Virtual machine name"
          placeholder={vmNames.length > 0 ? 'Choose or type a VM' : 'e.g. win11'}
          data={vmNames}
          value={vmName}
          onChange={edit}
          w={280}
        />
        <Button
          variant="default"
          onClick={() => plan.mutate({ hostId, vmName: vmName.trim() })}
          loading={plan.isPending}
          disabled={vmName.trim() === ''}
        >
          Preview XML change
        </Button>
        {preview !== undefined && (
          <Button onClick={() => setConfirming(true)} disabled={!preview.changed}>
            Apply to {preview.vmName}…
          </Button>
        )}
      </Group>
      {plan.error !== null && (
        <Alert color="red" mt="md" title="Could not preview the change">
          <ErrorDetails error={plan.error} />
        </Alert>
      )}
      {preview !== undefined && (
        <Stack mt="md" gap="sm">
          {preview.changed && (
            <DiffView diff={preview.diff} label={`Changes to the definition of ${preview.vmName}`} />
          )}
          {preview.notes.length > 0 && (
            <List size="sm" spacing={2}>
              {preview.notes.map((note) => (
                <List.Item key={note}>{note}</List.Item>
              ))}
            </List>
          )}
          <VerifySteps steps={preview.verification} />
        </Stack>
      )}
      {done !== undefined && (
        <Alert color="teal" mt="md" title={`${done.vmName} now uses the host CPU`} role="status">
          {done.running
            ? 'It is running: shut it down and start it again for the change to apply.'
            : 'It applies the next time the VM starts.'}{' '}
          The previous definition is kept in the XML history.
        </Alert>
      )}
      <ConfirmModal
        opened={confirming}
        title={`Define ${preview?.vmName ?? vmName} on ${hostName} again?`}
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
        <Text size="sm">
          The current definition goes to the XML history, then the previewed one is defined with virsh define.
        </Text>
      </ConfirmModal>
    </Card>
  )
}
