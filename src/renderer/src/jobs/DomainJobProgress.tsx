import { Button, Group, Progress, Stack, Text } from '@mantine/core'
import { useMutation, useQuery } from '@tanstack/react-query'
import type { JSX } from 'react'
import type { AppError } from '@shared/errors.js'
import type { DomainJob } from '@shared/jobs.js'
import { formatBytes } from '@shared/format.js'
import { invoke } from '../api/virtdeck'
import { notifyFailure } from '../notify/notify'

interface Props {
  hostId: string
  uuid: string
  name: string
  /** Poll while the operation the user started is still running. */
  running: boolean
}

/**
 * While a long operation of a VM runs (a memory snapshot, …): libvirt's job progress each second,
 * with Cancel where libvirt can abort it, or why it cannot.
 */
export function DomainJobProgress({ hostId, uuid, name, running }: Props): JSX.Element | null {
  const job = useQuery<DomainJob, AppError>({
    queryKey: ['jobs.info', hostId, uuid],
    queryFn: () => invoke('jobs.info', { hostId, uuid, name }),
    enabled: running,
    refetchInterval: running ? 1000 : false,
    retry: false,
  })
  const abort = useMutation<{ aborted: true }, AppError>({
    mutationFn: () => invoke('jobs.abort', { hostId, uuid, name }),
    onError: (error) =>
      notifyFailure({ id: `job-abort:${hostId}/${uuid}`, title: `Could not cancel`, error }),
  })
  if (!running) return null
  const info = job.data
  if (info === undefined || !info.active)
    return (
      <Text size="sm" c="dimmed" role="status">
        Working…
      </Text>
    )
  const done =
    info.dataProcessed !== undefined && info.dataTotal !== undefined
      ? ` — ${formatBytes(info.dataProcessed)} of ${formatBytes(info.dataTotal)}`
      : ''
  const label = `${info.operation[0]?.toUpperCase() ?? ''}${info.operation.slice(1)} of ${name}${done}`
  return (
    <Stack gap={4} role="status" aria-label={`Progress of the ${info.operation}`}>
      <Group justify="space-between" gap="sm">
        <Text size="sm">{label}</Text>
        {info.cancellable && (
          <Button size="xs" variant="default" loading={abort.isPending} onClick={() => abort.mutate()}>
            Cancel
          </Button>
        )}
      </Group>
      {info.fraction !== undefined ? (
        <Progress value={info.fraction * 100} aria-label={`${Math.round(info.fraction * 100)} % done`} />
      ) : (
        <Progress value={100} animated striped aria-label="In progress" />
      )}
      {info.notCancellable !== undefined && (
        <Text size="xs" c="dimmed">
          Cannot be cancelled: {info.notCancellable}
        </Text>
      )}
    </Stack>
  )
}
