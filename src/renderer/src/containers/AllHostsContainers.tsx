import { Alert, Badge, Card, Loader, Stack, Table, Text } from '@mantine/core'
import { useQueries } from '@tanstack/react-query'
import type { JSX } from 'react'
import type { ContainerSummary, LxcContainer } from '@shared/containers.js'
import type { AppError } from '@shared/errors.js'
import type { HostView } from '@shared/hosts.js'
import { invoke, queryKey } from '../api/virtdeck'
import { VagrantTag } from '../vagrant/VagrantTag'
import { STATE_COLOR } from './DockerSection'

interface Row {
  key: string
  hostId: string
  host: string
  kind: 'Docker' | 'LXC'
  name: string
  state: string
  detail: string
  /** Docker's container id, for its Vagrant tag. */
  dockerId?: string
}

/**
 * Every container on every connected host, Docker and LXC, in one table. A host whose Docker or
 * LXC cannot be read says so in one line instead of hiding its containers silently.
 */
export function AllHostsContainers({ hosts }: { hosts: HostView[] }): JSX.Element {
  const connected = hosts.filter((h) => h.state.status === 'connected')
  const docker = useQueries({
    queries: connected.map((h) => ({
      queryKey: queryKey('docker.list', { hostId: h.id }),
      queryFn: (): Promise<ContainerSummary[]> => invoke('docker.list', { hostId: h.id }),
      retry: false,
    })),
  })
  const lxc = useQueries({
    queries: connected.map((h) => ({
      // A summary never asks for the password (sudo -n); a host that needs it says so below.
      queryKey: queryKey('lxc.list', { hostId: h.id, nonInteractive: true }),
      queryFn: (): Promise<LxcContainer[]> => invoke('lxc.list', { hostId: h.id, nonInteractive: true }),
      retry: false,
    })),
  })
  const rows: Row[] = []
  const problems: { host: string; what: string; error: AppError }[] = []
  connected.forEach((h, i) => {
    const d = docker[i]
    const l = lxc[i]
    for (const c of d?.data ?? [])
      rows.push({
        key: `${h.id}/d/${c.id}`,
        hostId: h.id,
        host: h.name,
        kind: 'Docker',
        name: c.name,
        state: c.state,
        detail: c.image,
        dockerId: c.id,
      })
    for (const c of l?.data ?? [])
      rows.push({
        key: `${h.id}/l/${c.name}`,
        hostId: h.id,
        host: h.name,
        kind: 'LXC',
        name: c.name,
        state: c.state.toLowerCase(),
        detail: c.ipv4.join(', '),
      })
    if (d?.error) problems.push({ host: h.name, what: 'Docker', error: d.error as AppError })
    if (l?.error) problems.push({ host: h.name, what: 'LXC', error: l.error as AppError })
  })
  const loading = [...docker, ...lxc].some((q) => q.isPending)
  rows.sort(
    (a, b) => a.host.localeCompare(b.host) || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name),
  )
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {connected.length} connected host{connected.length === 1 ? '' : 's'} · {rows.length} container
        {rows.length === 1 ? '' : 's'}
        {hosts.length > connected.length
          ? ` · ${hosts.length - connected.length} host(s) not connected, not listed`
          : ''}
      </Text>
      {loading && <Loader size="sm" aria-label="Reading the containers of every host" />}
      {problems.map((p) => (
        <Alert
          key={`${p.host}/${p.what}`}
          color="gray"
          variant="light"
          title={`${p.host}: ${p.what} not listed`}
        >
          {p.error.message}
        </Alert>
      ))}
      <Card withBorder padding="lg">
        <Table aria-label="Containers on all hosts" verticalSpacing={6}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Host</Table.Th>
              <Table.Th>Kind</Table.Th>
              <Table.Th>Name</Table.Th>
              <Table.Th>State</Table.Th>
              <Table.Th>Image / address</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.key}>
                <Table.Td>{r.host}</Table.Td>
                <Table.Td>{r.kind}</Table.Td>
                <Table.Td fw={600}>
                  {r.name}
                  {r.dockerId !== undefined && (
                    <VagrantTag hostId={r.hostId} uuid={r.dockerId} provider="docker" />
                  )}
                </Table.Td>
                <Table.Td>
                  <Badge
                    variant="light"
                    color={STATE_COLOR[r.state] ?? STATE_COLOR[r.state.toUpperCase()] ?? 'red'}
                  >
                    {r.state}
                  </Badge>
                </Table.Td>
                <Table.Td ff="monospace" fz="xs">
                  {r.detail}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>
    </Stack>
  )
}
