import { Button, Group, Progress, Stack, Text } from '@mantine/core'
import { useMutation, useQuery } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
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
  /** What runs, in words ("Taking a snapshot of web"), while libvirt reports no job of its own. */
  label?: string
  /** Why there is no progress bar or Cancel when libvirt reports no job (e.g. internal snapshots). */
  noJobHint?: string | undefined
}

/** Whole seconds since `running` became true (re-rendering each second), 0 otherwise. */
function useElapsedSeconds(running: boolean): number {
  const [seconds, setSeconds] = useState(0)
  useEffect(() => {
    if (!running) return undefined
    const startedAt = Date.now()
    const timer = setInterval(() => setSeconds(Math.floor((Date.now() - startedAt) / 1000)), 1000)
    return () => {
      clearInterval(timer)
      setSeconds(0)
    }
  }, [running])
  return running ? seconds : 0
}

/**
 * While a long operation of a VM runs (a memory snapshot, …): libvirt's job progress each second,
 * with Cancel where libvirt can abort it, or why it cannot.
 */
export function DomainJobProgress({
  hostId,
  uuid,
  name,
  running,
  label: working = 'Working…',
  noJobHint,
}: Props): JSX.Element | null {
  const seconds = useElapsedSeconds(running)
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
      <Stack gap={4} role="status" aria-label={working}>
        <Text size="sm">
          {working}
          {seconds > 0 ? ` — ${seconds} s` : ''}
        </Text>
        <Progress value={100} animated striped aria-label="In progress" />
        {noJobHint !== undefined && info !== undefined && (
          <Text size="xs" c="dimmed">
            {noJobHint}
          </Text>
        )}
      </Stack>
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
