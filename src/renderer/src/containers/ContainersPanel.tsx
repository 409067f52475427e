import { Alert, Badge, Button, Card, Group, Loader, Stack, Table, Text, Title } from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import type { ContainerSummary, DockerAction } from '@shared/containers.js'
import type { HostView } from '@shared/hosts.js'
import { ErrorDetails } from '../notify/ErrorDetails'
import { ConfirmDialog } from '../ui/ConfirmDialog'
import { Dash } from '../ui/Dash'
import { PanelHeading } from '../ui/PanelHeading'
import { DockerAvailabilityAlert } from './DockerAvailabilityAlert'
import {
  useContainerAction,
  useContainerEvents,
  useContainers,
  useDockerStatus,
  useLxcContainers,
} from './useContainers'
// vagrant: begin
import { VagrantTag } from '../vagrant/VagrantTag'
// vagrant: end

const STATE_COLOR: Record<string, string> = {
  running: 'green',
  paused: 'yellow',
  exited: 'gray',
  created: 'blue',
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

/** Docker containers (live from /events) and LXC system containers of a host. */
export function ContainersPanel({ host }: { host: HostView }): JSX.Element {
  const status = useDockerStatus(host.id)
  const ready = status.data?.state === 'ready'
  const containers = useContainers(host.id, ready)
  useContainerEvents(host.id)
  const action = useContainerAction(host.id)
  const lxc = useLxcContainers(host.id)
  const [removing, setRemoving] = useState<ContainerSummary | null>(null)

  const run = (id: string, act: DockerAction): void => action.mutate({ id, action: act })
  return (
    <Stack gap="lg" maw={1200}>
      <PanelHeading title="Containers">{host.name}</PanelHeading>
      <Title order={3}>Docker</Title>
      {status.isPending && <Loader size="sm" aria-label="Checking Docker" />}
      {status.data !== undefined && <DockerAvailabilityAlert status={status.data} />}
      {status.error !== null && (
        <Alert color="red" title="Could not check Docker">
          <ErrorDetails error={status.error} />
        </Alert>
      )}
      {action.error !== null && (
        <Alert color="red" title="The action failed">
          <ErrorDetails error={action.error} />
        </Alert>
      )}
      {containers.data?.length === 0 && <Text size="sm">No Docker containers on {host.name}.</Text>}
      {containers.data !== undefined && containers.data.length > 0 && (
        <Card withBorder padding="lg">
          <Table.ScrollContainer minWidth={900}>
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
                      {/* vagrant: begin */}
                      <VagrantTag hostId={host.id} uuid={c.id} provider="docker" />
                      {/* vagrant: end */}
                    </Table.Td>
                    <Table.Td ff="monospace" fz="xs">
                      {c.image}
                    </Table.Td>
                    <Table.Td>
                      <Badge color={STATE_COLOR[c.state] ?? 'red'} variant="light" title={c.status}>
                        {c.state}
                      </Badge>
                    </Table.Td>
                    <Table.Td ff="monospace" fz="xs">
                      {ports(c) || <Dash />}
                    </Table.Td>
                    <Table.Td fz="xs">{new Date(c.created).toLocaleString()}</Table.Td>
                    <Table.Td>
                      <Group gap="xs" justify="flex-end">
                        {actionsFor(c).map((a) => (
                          <Button
                            key={a}
                            size="compact-sm"
                            variant={a === 'remove' ? 'light' : 'default'}
                            color={a === 'remove' ? 'red' : 'gray'}
                            loading={
                              action.isPending &&
                              action.variables.id === c.id &&
                              action.variables.action === a
                            }
                            onClick={() => (a === 'remove' ? setRemoving(c) : run(c.id, a))}
                            aria-label={`${a} ${c.name}`}
                          >
                            {a}
                          </Button>
                        ))}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      <Title order={3}>LXC</Title>
      {lxc.isPending && <Loader size="sm" aria-label="Loading LXC containers" />}
      {lxc.error !== null && (
        <Alert color="gray" title="LXC">
          <ErrorDetails error={lxc.error} />
        </Alert>
      )}
      {lxc.data?.length === 0 && <Text size="sm">No LXC containers on {host.name}.</Text>}
      {lxc.data !== undefined && lxc.data.length > 0 && (
        <Card withBorder padding="lg">
          <Table aria-label="LXC containers" verticalSpacing={8}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th>IPv4</Table.Th>
                <Table.Th>Autostart</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {lxc.data.map((c) => (
                <Table.Tr key={c.name}>
                  <Table.Td fw={600}>{c.name}</Table.Td>
                  <Table.Td>{c.state}</Table.Td>
                  <Table.Td ff="monospace">{c.ipv4.join(', ') || <Dash />}</Table.Td>
                  <Table.Td>{c.autostart ? 'yes' : 'no'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      )}
      <ConfirmDialog
        opened={removing !== null}
        title={`Remove ${removing?.name ?? ''}?`}
        confirmLabel="Remove"
        danger
        busy={action.isPending}
        onConfirm={() => {
          if (removing !== null) run(removing.id, 'remove')
          setRemoving(null)
        }}
        onClose={() => setRemoving(null)}
      >
        <Text size="sm">The container and its writable layer are deleted; named volumes are kept.</Text>
      </ConfirmDialog>
    </Stack>
  )
}
