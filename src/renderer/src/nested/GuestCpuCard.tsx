import { Alert, Autocomplete, Code, Group, List, Stack, Text, Title } from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import type { GuestVerifyStep } from '@shared/nested.js'
import { useApplyGuestCpu, useGuestCpuPlan, useVmNames } from '../api/useNested'
import { CopyButton } from '../checks/CopyButton'
import { DiffView } from '../ui/DiffView'
import { PreviewApplyCard } from '../ui/changes/PreviewApplyCard'

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
  const plan = useGuestCpuPlan()
  const vmNames = useVmNames(hostId)
  const apply = useApplyGuestCpu()
  const done = apply.mutation.data

  const edit = (value: string): void => {
    setVmName(value)
    plan.reset()
    apply.mutation.reset()
  }
  return (
    <PreviewApplyCard
      title="Guest side: pass the CPU through"
      intro={
        <>
          A VM sees VT-x or AMD-V only with {`<cpu mode='host-passthrough'/>`}. VirtDeck edits its definition
          (the old one is kept in the history) and defines it again.
        </>
      }
      hostId={hostId}
      plan={plan}
      apply={apply}
      fields={
        <Autocomplete
          label="Virtual machine name"
          placeholder={vmNames.length > 0 ? 'Choose or type a VM' : 'e.g. win11'}
          data={vmNames}
          value={vmName}
          onChange={edit}
          w={280}
        />
      }
      previewLabel="Preview XML change"
      previewDisabled={vmName.trim() === ''}
      onPreview={() => plan.mutate({ hostId, vmName: vmName.trim() })}
      applyLabel={(preview) => `Apply to ${preview.vmName}…`}
      canApply={(preview) => preview.changed && preview.blockers.length === 0}
      applied={
        done === undefined
          ? undefined
          : {
              title: `${done.vmName} now uses the host CPU`,
              text: (
                <>
                  {done.running
                    ? 'It is running: shut it down and start it again for the change to apply.'
                    : 'It applies the next time the VM starts.'}{' '}
                  The previous definition is kept in the XML history.
                </>
              ),
            }
      }
      confirmTitle={`Define ${plan.data?.vmName ?? vmName} on ${hostName} again?`}
      confirmText="The current definition goes to the XML history, then the previewed one is defined with virsh define."
    >
      {(preview) => (
        <>
          {preview.changed && (
            <DiffView diff={preview.diff} label={`Changes to the definition of ${preview.vmName}`} />
          )}
          {preview.blockers.length > 0 && (
            <Alert color="red" title="Cannot be applied" role="alert">
              <List size="sm" spacing={2}>
                {preview.blockers.map((blocker) => (
                  <List.Item key={blocker}>{blocker}</List.Item>
                ))}
              </List>
            </Alert>
          )}
          {preview.notes.length > 0 && (
            <List size="sm" spacing={2}>
              {preview.notes.map((note) => (
                <List.Item key={note}>{note}</List.Item>
              ))}
            </List>
          )}
          <VerifySteps steps={preview.verification} />
        </>
      )}
    </PreviewApplyCard>
  )
}
