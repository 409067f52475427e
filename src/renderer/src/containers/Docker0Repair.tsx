import { Alert, Button, Code, Group, List, Stack, Text } from '@mantine/core'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { JSX } from 'react'
import { useState } from 'react'
import type { ContainerSummary, CreateContainerSpec, Docker0RepairPlan } from '@shared/containers.js'
import type { AppError } from '@shared/errors.js'
import { invoke, queryKey } from '../api/virtdeck'
import { ErrorDetails } from '../notify/ErrorDetails'
import { ConfirmDialog } from '../ui/ConfirmDialog'
import { listKey } from './useContainers'

/** What failed and how to do it again once Docker's network is repaired. */
export type FailedAction =
  { kind: 'start'; containerId: string; name: string } | { kind: 'create'; spec: CreateContainerSpec }

/** The failure to show: Docker's `iptables failed: … No chain/target/match by that name`, recognised in main. */
export interface ChainMissingFailure {
  error: AppError
  retry: FailedAction
}

/** A failure from create/start that main recognised as the missing-chain problem, with what to retry. */
export function chainMissing(error: AppError | null, retry: FailedAction): ChainMissingFailure | null {
  if (error?.data?.['repair'] !== 'docker0') return null
  const containerId = error.data['containerId']
  // The create made the container before its start failed: retry the start, not a second create.
  if (retry.kind === 'create' && typeof containerId === 'string')
    return { error, retry: { kind: 'start', containerId, name: retry.spec.name ?? containerId.slice(0, 12) } }
  return { error, retry }
}

/**
 * The docker0 repair flow: why it failed (the DOCKER chain was flushed by a firewall reload), the
 * root commands, confirmation, the repair, then the failed action again.
 */
export function Docker0Repair({
  hostId,
  failure,
  onDone,
}: {
  hostId: string
  failure: ChainMissingFailure
  onDone(): void
}): JSX.Element {
  const client = useQueryClient()
  const [confirming, setConfirming] = useState(false)
  const plan = failure.error.data?.['plan'] as Docker0RepairPlan | undefined
  const repair = useMutation<ContainerSummary | null, AppError>({
    mutationFn: async () => {
      await invoke('docker.repairDocker0', { hostId })
      const retry = failure.retry
      if (retry.kind === 'start')
        return (await invoke('docker.action', { hostId, id: retry.containerId, action: 'start' })).container
      return invoke('docker.create', { hostId, spec: retry.spec })
    },
    onSettled: async () => {
      await client.invalidateQueries({ queryKey: listKey(hostId) })
      await client.invalidateQueries({ queryKey: queryKey('docker.status', { hostId }) })
    },
  })
  const what = failure.retry.kind === 'start' ? `start ${failure.retry.name}` : 'run the container'
  return (
    <Alert color="orange" title={failure.error.message}>
      <Stack gap="xs">
        <Text size="sm">{plan?.explanation}</Text>
        {plan !== undefined && (
          <Text size="xs" c="dimmed">
            Docker ran: <Code>{plan.problem.command}</Code>
          </Text>
        )}
        {repair.isSuccess ? (
          <Text size="sm" c="green">
            Repaired;{' '}
            {failure.retry.kind === 'start' ? `${failure.retry.name} is running again` : 'the container runs'}
            .
          </Text>
        ) : (
          <Group gap="sm">
            <Button
              size="compact-sm"
              color="orange"
              onClick={() => setConfirming(true)}
              loading={repair.isPending}
            >
              Repair Docker’s network…
            </Button>
            <Button size="compact-sm" variant="default" onClick={onDone} disabled={repair.isPending}>
              Dismiss
            </Button>
          </Group>
        )}
        {repair.isSuccess && (
          <Button size="compact-sm" variant="default" w="fit-content" onClick={onDone}>
            Close
          </Button>
        )}
        {repair.error !== null && <ErrorDetails error={repair.error} />}
      </Stack>
      <ConfirmDialog
        opened={confirming}
        title="Repair Docker’s network?"
        confirmLabel={`Repair and ${what}`}
        danger
        onConfirm={() => {
          setConfirming(false)
          repair.mutate()
        }}
        onClose={() => setConfirming(false)}
      >
        <Text size="sm">These commands run as root:</Text>
        <List size="sm">
          {(plan?.commands ?? []).map((c) => (
            <List.Item key={c.join(' ')}>
              <Code>{c.join(' ')}</Code>
            </List.Item>
          ))}
        </List>
        <Text size="sm">
          Restarting Docker stops the running containers (those with a restart policy come back). Then
          VirtDeck will {what} again.
        </Text>
      </ConfirmDialog>
    </Alert>
  )
}
