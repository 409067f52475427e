import { Alert, Badge, Button, Card, Group, Loader, Stack, Table, Text, Title } from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import type { ContainerStats, ContainerSummary, DockerAction } from '@shared/containers.js'
import { formatBytes } from '@shared/format.js'
import type { HostView } from '@shared/hosts.js'
import { ErrorDetails } from '../notify/ErrorDetails'
import { Dash } from '../ui/Dash'
import { VagrantTag } from '../vagrant/VagrantTag'
import { ContainerDetailsModal } from './ContainerDetailsModal'
import { ContainerLogs } from './ContainerLogs'
import { useContainerStats } from './useContainerStats'
import { DockerObjects } from './DockerObjects'
import { ContainerTerminal } from './ContainerTerminal'
import { chainMissing, Docker0Repair, type ChainMissingFailure } from './Docker0Repair'
import { DockerAvailabilityAlert } from './DockerAvailabilityAlert'
import { RowActions } from './RowActions'
import { RunContainerModal } from './RunContainerModal'
import { useContainerAction, useContainers, useDockerStatus } from './useContainers'

export const STATE_COLOR: Record<string, string> = {
  running: 'green',
  paused: 'yellow',
  exited: 'gray',
  created: 'blue',
  RUNNING: 'green',
  FROZEN: 'yellow',
  STOPPED: 'gray',
}

function ports(c: ContainerSummary): string {
  return c.ports
    .map((p) =>
      p.hostPort === undefined
        ? `${p.containerPort}/${p.protocol}`
        : `${p.hostPort}→${p.containerPort}/${p.protocol}`,
    )
    .join(', ')
}

function actionsFor(c: ContainerSummary): DockerAction[] {
  if (c.state === 'running') return ['stop', 'restart', 'pause']
  if (c.state === 'paused') return ['unpause', 'kill']
  return ['start', 'remove']
}

/** CPU % (× CPUs, as `docker stats`) and memory of a running container; a dash otherwise. */
function usage(s: ContainerStats | undefined, state: string): string {
  if (state !== 'running') return '—'
  if (s === undefined) return '…'
  return `${s.cpuPercent.toFixed(1)} % · ${formatBytes(s.memoryUsage)}`
}

/** Docker on one host: availability, the containers (live from /events), run, logs, actions, the docker0 repair. */
export function DockerSection({ host }: { host: HostView }): JSX.Element {
  const status = useDockerStatus(host.id)
  const ready = status.data?.state === 'ready'
  const containers = useContainers(host.id, ready)
  const action = useContainerAction(host.id)
  const [running, setRunning] = useState(false)
  const [logsOf, setLogsOf] = useState<ContainerSummary | null>(null)
  const [terminalOf, setTerminalOf] = useState<ContainerSummary | null>(null)
  const [detailsOf, setDetailsOf] = useState<ContainerSummary | null>(null)
  const stats = useContainerStats(
    host.id,
    (containers.data ?? []).filter((c) => c.state === 'running').map((c) => c.id),
  )
  const [repair, setRepair] = useState<ChainMissingFailure | null>(null)

  const run = (c: ContainerSummary, act: DockerAction): void => {
    setRepair(null)
    action.mutate(
      { id: c.id, action: act },
      {
        onError: (error) =>
          setRepair(chainMissing(error, { kind: 'start', containerId: c.id, name: c.name })),
      },
    )
  }
  const actionError = action.error !== null && repair === null ? action.error : null
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={3}>Docker</Title>
        <Button size="compact-md" onClick={() => setRunning(true)} disabled={!ready}>
          Run container…
        </Button>
      </Group>
      {status.isPending && <Loader size="sm" aria-label="Checking Docker" />}
      {status.data !== undefined && <DockerAvailabilityAlert status={status.data} />}
      {status.error !== null && (
        <Alert color="red" title="Could not check Docker">
          <ErrorDetails error={status.error} />
        </Alert>
      )}
      {repair !== null && <Docker0Repair hostId={host.id} failure={repair} onDone={() => setRepair(null)} />}
      {actionError !== null && (
        <Alert color="red" title="The action failed" withCloseButton onClose={() => action.reset()}>
          <ErrorDetails error={actionError} />
        </Alert>
      )}
      {containers.error !== null && (
        <Alert color="red" title="Could not list the containers">
          <ErrorDetails error={containers.error} />
        </Alert>
      )}
      {containers.data?.length === 0 && <Text size="sm">No Docker containers on {host.name}.</Text>}
      {containers.data !== undefined && containers.data.length > 0 && (
        <Card withBorder padding="lg">
          <Table.ScrollContainer minWidth={960}>
            <Table aria-label="Docker containers" verticalSpacing={8}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Image</Table.Th>
                  <Table.Th>State</Table.Th>
                  <Table.Th>Ports</Table.Th>
                  <Table.Th>Created</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {containers.data.map((c) => (
                  <Table.Tr key={c.id}>
                    <Table.Td fw={600}>
                      {c.name}
                      <VagrantTag hostId={host.id} uuid={c.id} provider="docker" />
                    </Table.Td>
                    <Table.Td ff="monospace" fz="xs">
                      {c.image}
                    </Table.Td>
                    <Table.Td miw={104}>
                      <Badge color={STATE_COLOR[c.state] ?? 'red'} variant="light" title={c.status}>
                        {c.state}
                      </Badge>
                      {c.state === 'running' && (
                        <Text
                          fz="xs"
                          c="dimmed"
                          data-testid="container-usage"
                          style={{ whiteSpace: 'nowrap' }}
                        >
                          {usage(stats.get(c.id), c.state)}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td ff="monospace" fz="xs">
                      {ports(c) || <Dash />}
                    </Table.Td>
                    <Table.Td fz="xs" style={{ whiteSpace: 'nowrap' }}>
                      {new Date(c.created).toLocaleString(undefined, {
                        dateStyle: 'short',
                        timeStyle: 'short',
                      })}
                    </Table.Td>
                    <Table.Td>
                      <RowActions
                        name={c.name}
                        links={[
                          {
                            label: 'details',
                            ariaLabel: `details of ${c.name}`,
                            onClick: () => setDetailsOf(c),
                          },
                          { label: 'logs', ariaLabel: `logs of ${c.name}`, onClick: () => setLogsOf(c) },
                          ...(c.state === 'running'
                            ? [
                                {
                                  label: 'terminal',
                                  ariaLabel: `terminal in ${c.name}`,
                                  onClick: () => setTerminalOf(c),
                                },
                              ]
                            : []),
                        ]}
                        actions={actionsFor(c)}
                        pending={
                          action.isPending && action.variables.id === c.id
                            ? action.variables.action
                            : undefined
                        }
                        confirm={{
                          action: 'remove',
                          title: `Remove ${c.name}?`,
                          label: 'Remove',
                          busy: action.isPending,
                          body: (
                            <Text size="sm">
                              The container and its writable layer are deleted
                              {c.state === 'running' ? ' (it is stopped first)' : ''}; named volumes are kept.
                            </Text>
                          ),
                        }}
                        onAction={(a) => run(c, a)}
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      {ready && <DockerObjects hostId={host.id} ready={ready} />}
      <RunContainerModal
        hostId={host.id}
        opened={running}
        onClose={() => setRunning(false)}
        onChainMissing={(error, spec) => setRepair(chainMissing(error, { kind: 'create', spec }))}
      />
      <ContainerLogs hostId={host.id} container={logsOf} onClose={() => setLogsOf(null)} />
      <ContainerDetailsModal hostId={host.id} container={detailsOf} onClose={() => setDetailsOf(null)} />
      <ContainerTerminal
        hostId={host.id}
        target={terminalOf === null ? null : { engine: 'docker', id: terminalOf.id, name: terminalOf.name }}
        onClose={() => setTerminalOf(null)}
      />
    </Stack>
  )
}
