import {
  Alert,
  Badge,
  Button,
  Card,
  Code,
  Group,
  List,
  Loader,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { JSX } from 'react'
import { useState } from 'react'
import type {
  LxcAction,
  LxcAvailability,
  LxcContainer,
  LxcService,
  LxcServiceState,
} from '@shared/containers.js'
import type { AppError } from '@shared/errors.js'
import type { HostView } from '@shared/hosts.js'
import { invoke, queryKey } from '../api/virtdeck'
import { ErrorDetails } from '../notify/ErrorDetails'
import { ConfirmDialog } from '../ui/ConfirmDialog'
import { Dash } from '../ui/Dash'
import { STATE_COLOR } from './DockerSection'
import { LxcCreateModal } from './LxcCreateModal'
import { ContainerTerminal } from './ContainerTerminal'
import { RowActions } from './RowActions'
import { useLxcAction, useLxcContainers, useLxcServices, useLxcStatus } from './useContainers'

function actionsFor(c: LxcContainer): LxcAction[] {
  // stop asks init to shut down and waits (busybox's init ignores it: killed after the timeout); kill does not wait.
  if (c.state === 'RUNNING') return ['stop', 'kill', 'freeze']
  if (c.state === 'FROZEN') return ['unfreeze', 'kill']
  return ['start', 'destroy']
}

const SERVICE_COLOR = { active: 'green', inactive: 'gray', unknown: 'yellow' } as const

/** LXC's services (lxc, lxc-net, libvirtd on RHEL), each with its state and Start. */
function LxcServices({ hostId, services }: { hostId: string; services: LxcServiceState[] }): JSX.Element {
  const client = useQueryClient()
  const start = useMutation<LxcServiceState, AppError, LxcService>({
    mutationFn: (service) => invoke('lxc.startService', { hostId, service }),
    onSettled: () => client.invalidateQueries({ queryKey: queryKey('lxc.services', { hostId }) }),
  })
  return (
    <Stack gap={4}>
      <Group gap="md" wrap="wrap" aria-label="LXC services">
        {services.map((s) => (
          <Group key={s.name} gap={6} title={`${s.purpose}. ${s.detail}`}>
            <Text size="sm" ff="monospace">
              {s.name}
            </Text>
            <Badge size="sm" variant="light" color={SERVICE_COLOR[s.state]}>
              {s.state}
            </Badge>
            {s.state !== 'active' && s.startCommand !== undefined && (
              <Button
                size="compact-xs"
                variant="default"
                loading={start.isPending && start.variables === s.name}
                onClick={() => start.mutate(s.name)}
                aria-label={`Start ${s.name}`}
              >
                Start
              </Button>
            )}
          </Group>
        ))}
      </Group>
      {start.error !== null && <ErrorDetails error={start.error} />}
    </Stack>
  )
}

/** LXC tools missing: the distribution's install commands, run as root after confirmation. */
function LxcInstall({
  hostId,
  status,
}: {
  hostId: string
  status: Extract<LxcAvailability, { state: 'not-installed' }>
}): JSX.Element {
  const client = useQueryClient()
  const [confirming, setConfirming] = useState(false)
  const [commands, setCommands] = useState<string[][]>([])
  const plan = useMutation<{ commands: string[][] }, AppError>({
    mutationFn: () => invoke('lxc.installPlan', { hostId }),
    onSuccess: (p) => {
      setCommands(p.commands)
      setConfirming(true)
    },
  })
  const install = useMutation<LxcAvailability, AppError>({
    mutationFn: () => invoke('lxc.install', { hostId }),
    onSettled: () => client.invalidateQueries({ queryKey: queryKey('lxc.status', { hostId }) }),
  })
  return (
    <Alert color="gray" title={status.message}>
      <Stack gap="xs">
        <Text size="sm">
          Install them: <Code>{status.installHint}</Code>
        </Text>
        <Button
          size="compact-sm"
          w="fit-content"
          onClick={() => plan.mutate()}
          loading={plan.isPending || install.isPending}
        >
          Install LXC…
        </Button>
        {(plan.error ?? install.error) !== null && (
          <ErrorDetails error={(plan.error ?? install.error) as AppError} />
        )}
      </Stack>
      <ConfirmDialog
        opened={confirming}
        title="Install the LXC tools?"
        confirmLabel="Install"
        onConfirm={() => {
          setConfirming(false)
          install.mutate()
        }}
        onClose={() => setConfirming(false)}
      >
        <Text size="sm">These commands run as root (the package manager needs the network):</Text>
        <List size="sm">
          {commands.map((c) => (
            <List.Item key={c.join(' ')}>
              <Code>{c.join(' ')}</Code>
            </List.Item>
          ))}
        </List>
      </ConfirmDialog>
    </Alert>
  )
}

/** Classic LXC on one host: install, services, containers with their actions, create from a template. */
export function LxcSection({ host }: { host: HostView }): JSX.Element {
  const status = useLxcStatus(host.id)
  const ready = status.data?.state === 'ready'
  const services = useLxcServices(host.id, ready)
  const lxc = useLxcContainers(host.id)
  const action = useLxcAction(host.id)
  const [creating, setCreating] = useState(false)
  const [attaching, setAttaching] = useState<string | null>(null)
  const failure = action.data?.failure
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={3}>LXC</Title>
        <Button size="compact-md" onClick={() => setCreating(true)} disabled={!ready}>
          New LXC container…
        </Button>
      </Group>
      {status.isPending && <Loader size="sm" aria-label="Checking LXC" />}
      {status.data?.state === 'not-installed' && <LxcInstall hostId={host.id} status={status.data} />}
      {status.error !== null && (
        <Alert color="red" title="Could not check LXC">
          <ErrorDetails error={status.error} />
        </Alert>
      )}
      {services.data !== undefined && <LxcServices hostId={host.id} services={services.data} />}
      {action.error !== null && (
        <Alert color="red" title="The action failed" withCloseButton onClose={() => action.reset()}>
          <ErrorDetails error={action.error} />
        </Alert>
      )}
      {failure !== undefined && (
        <Alert
          color="orange"
          title="The container did not start"
          withCloseButton
          onClose={() => action.reset()}
        >
          <Stack gap={4}>
            <Text size="sm">{failure.explanation}</Text>
            {failure.fix !== undefined && (
              <Text size="sm">
                Fix: <Code>{`${failure.fix.key} = ${failure.fix.value}`}</Code> in{' '}
                <Code>{failure.fix.path}</Code>
              </Text>
            )}
            <Code block>{failure.logExcerpt.join('\n')}</Code>
          </Stack>
        </Alert>
      )}
      {ready && lxc.error !== null && (
        <Alert color="gray" title="LXC">
          <ErrorDetails error={lxc.error} />
        </Alert>
      )}
      {ready && lxc.data?.length === 0 && <Text size="sm">No LXC containers on {host.name}.</Text>}
      {lxc.data !== undefined && lxc.data.length > 0 && (
        <Card withBorder padding="lg">
          <Table aria-label="LXC containers" verticalSpacing={8}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th>IPv4</Table.Th>
                <Table.Th>Interfaces</Table.Th>
                <Table.Th>Autostart</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {lxc.data.map((c) => (
                <Table.Tr key={c.name}>
                  <Table.Td fw={600}>{c.name}</Table.Td>
                  <Table.Td>
                    <Badge color={STATE_COLOR[c.state] ?? 'red'} variant="light">
                      {c.state.toLowerCase()}
                    </Badge>
                  </Table.Td>
                  <Table.Td ff="monospace">{c.ipv4.join(', ') || <Dash />}</Table.Td>
                  <Table.Td ff="monospace">{c.links.join(', ') || <Dash />}</Table.Td>
                  <Table.Td>{c.autostart ? 'yes' : 'no'}</Table.Td>
                  <Table.Td>
                    <RowActions
                      name={c.name}
                      links={
                        c.state === 'RUNNING'
                          ? [
                              {
                                label: 'terminal',
                                ariaLabel: `terminal in ${c.name}`,
                                onClick: () => setAttaching(c.name),
                              },
                            ]
                          : []
                      }
                      actions={actionsFor(c)}
                      pending={
                        action.isPending && action.variables.name === c.name
                          ? action.variables.action
                          : undefined
                      }
                      confirm={{
                        action: 'destroy',
                        title: `Destroy ${c.name}?`,
                        label: 'Destroy',
                        body: (
                          <Text size="sm">
                            Its root filesystem and configuration under /var/lib/lxc are deleted.
                          </Text>
                        ),
                      }}
                      onAction={(a) => action.mutate({ name: c.name, action: a })}
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      )}
      <LxcCreateModal hostId={host.id} opened={creating} onClose={() => setCreating(false)} />
      <ContainerTerminal
        hostId={host.id}
        target={attaching === null ? null : { engine: 'lxc', name: attaching }}
        onClose={() => setAttaching(null)}
      />
    </Stack>
  )
}
