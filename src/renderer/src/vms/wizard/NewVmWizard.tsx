import { Alert, Button, Group, Modal, Progress, Stack, Stepper, Text } from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import type { VmCreateResult } from '@shared/vm-create.js'
import { useNetworks } from '../../api/useNetworks'
import { usePools } from '../../api/useStorage'
import { useCreatePreview, useCreateVm } from '../../api/useVmMutations'
import { useVmCapabilities } from '../../api/useVms'
import { ErrorDetails } from '../../notify/ErrorDetails'
import { notifySuccess, notifyWarning } from '../../notify/notify'
import { NameStep, useNameCheck } from './NameStep'
import { PlatformStep } from './PlatformStep'
import { ResourcesStep } from './ResourcesStep'
import { ReviewStep } from './ReviewStep'
import type { HostOffer, WizardDraft } from './wizardDraft'
import { INITIAL_DRAFT, resolve, stepProblem, toSpec } from './wizardDraft'
import { createdNotice } from './outcome'

interface Props {
  hostId: string
  hostName: string
  onClose(): void
  onCreated?(result: VmCreateResult): void
}

const LAST = 3

/** "New virtual machine": name and media, memory and disk, firmware and network, then the XML, then create (with progress and Cancel). */
export function NewVmWizard({ hostId, hostName, onClose, onCreated }: Props): JSX.Element {
  const caps = useVmCapabilities(hostId, true)
  const pools = usePools(hostId)
  const networks = useNetworks(hostId)
  const offer: HostOffer = { caps: caps.data, pools: pools.data, networks: networks.data }
  const [raw, setRaw] = useState<WizardDraft>(INITIAL_DRAFT)
  const draft = resolve(raw, offer)
  const [step, setStep] = useState(0)
  const [tried, setTried] = useState(false)
  const nameCheck = useNameCheck(hostId, draft.name)
  const preview = useCreatePreview()
  const create = useCreateVm()
  const creating = create.mutation.isPending

  // The XML preview is made again each time the review step is entered.
  const set = (patch: Partial<WizardDraft>): void => setRaw((current) => ({ ...current, ...patch }))
  const problem = stepProblem(step, draft, offer) ?? (step === 0 ? nameCheck.problem : undefined)
  const next = (): void => {
    setTried(true)
    if (problem !== undefined || (step === 0 && nameCheck.checking)) return
    setTried(false)
    if (step === LAST - 1) preview.mutate({ hostId, spec: toSpec(draft, offer) })
    setStep(step + 1)
  }
  const start = (): void =>
    create.mutation.mutate(
      { hostId, spec: toSpec(draft, offer), start: draft.start },
      {
        onSuccess: (result) => {
          const notice = createdNotice(result)
          if (notice.color === 'teal') notifySuccess(`create:${hostId}`, notice.title, notice.message)
          else notifyWarning(`create:${hostId}`, notice.title, notice.message)
          onCreated?.(result)
          onClose()
        },
      },
    )

  const hostLoading = caps.isPending || pools.isPending || networks.isPending
  const hostError = caps.error ?? pools.error ?? networks.error
  return (
    <Modal
      opened
      onClose={() => !creating && onClose()}
      title={`New virtual machine on ${hostName}`}
      size={880}
      closeOnClickOutside={false}
      closeOnEscape={!creating}
    >
      {hostError !== null && (
        <Alert color="red" title={`Could not read what ${hostName} offers`} mb="md">
          <ErrorDetails error={hostError} />
        </Alert>
      )}
      <Stepper
        active={step}
        onStepClick={(target) => !creating && target < step && setStep(target)}
        size="sm"
        allowNextStepsSelect={false}
      >
        <Stepper.Step label="Name and media">
          <NameStep hostId={hostId} draft={draft} offer={offer} set={set} />
        </Stepper.Step>
        <Stepper.Step label="Memory and disk">
          <ResourcesStep hostId={hostId} draft={draft} offer={offer} set={set} />
        </Stepper.Step>
        <Stepper.Step label="Firmware and network">
          <PlatformStep hostId={hostId} draft={draft} offer={offer} set={set} />
        </Stepper.Step>
        <Stepper.Step label="Review">
          <ReviewStep
            draft={draft}
            preview={preview.data}
            loading={preview.isPending}
            error={preview.error}
            set={set}
          />
        </Stepper.Step>
      </Stepper>
      {creating && (
        <Stack gap={4} mt="md" role="status" aria-live="polite">
          <Text size="sm">{create.progress?.message ?? 'Starting…'}</Text>
          <Progress
            value={(create.progress?.fraction ?? 0.03) * 100}
            aria-label="Creating the virtual machine"
            animated
          />
        </Stack>
      )}
      {create.mutation.error !== null && !creating && create.mutation.error.code !== 'CANCELLED' && (
        <Alert color="red" title="The VM was not created" mt="md" role="alert">
          <ErrorDetails error={create.mutation.error} />
        </Alert>
      )}
      {create.mutation.error?.code === 'CANCELLED' && !creating && (
        <Text size="sm" c="dimmed" mt="md" role="status">
          Cancelled: nothing was left behind.
        </Text>
      )}
      {tried && problem !== undefined && (
        <Text size="sm" c="red" mt="md" role="alert">
          {problem}
        </Text>
      )}
      <Group justify="space-between" mt="xl">
        <Button variant="default" onClick={creating ? create.cancel : onClose}>
          Cancel
        </Button>
        <Group gap="sm">
          {step > 0 && (
            <Button variant="default" onClick={() => setStep(step - 1)} disabled={creating}>
              Back
            </Button>
          )}
          {step < LAST ? (
            <Button
              onClick={next}
              disabled={hostLoading}
              loading={(hostLoading || nameCheck.checking) && step === 0}
            >
              Next
            </Button>
          ) : (
            <Button color="teal" onClick={start} loading={creating} disabled={preview.data === undefined}>
              Create
            </Button>
          )}
        </Group>
      </Group>
    </Modal>
  )
}
