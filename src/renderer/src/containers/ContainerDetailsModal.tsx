import { Alert, Code, Loader, Modal, Stack, Table, Text, Title } from '@mantine/core'
import { useQuery } from '@tanstack/react-query'
import type { JSX } from 'react'
import type { ContainerDetails, ContainerSummary } from '@shared/containers.js'
import type { AppError } from '@shared/errors.js'
import { invoke, queryKey } from '../api/virtdeck'
import { ErrorDetails } from '../notify/ErrorDetails'

/** `docker inspect` in words: command, restart policy, environment, mounts, networks. */
export function ContainerDetailsModal({
  hostId,
  container,
  onClose,
}: {
  hostId: string
  container: ContainerSummary | null
  onClose(): void
}): JSX.Element {
  const details = useQuery<ContainerDetails, AppError>({
    queryKey: queryKey('docker.inspect', { hostId, id: container?.id ?? '' }),
    queryFn: () => invoke('docker.inspect', { hostId, id: container?.id ?? '' }),
    enabled: container !== null,
    staleTime: 0,
  })
  const d = details.data
  return (
    <Modal
      opened={container !== null}
      onClose={onClose}
      title={`Details of ${container?.name ?? ''}`}
      size="xl"
    >
      {details.isPending && <Loader size="sm" aria-label="Reading the details" />}
      {details.error !== null && (
        <Alert color="red" title={details.error.message}>
          <ErrorDetails error={details.error} />
        </Alert>
      )}
      {d !== undefined && (
        <Stack gap="sm">
          <Text size="sm">
            Command: <Code>{d.command.join(' ') || '(the image’s)'}</Code> · restart policy:{' '}
            {d.restartPolicy || 'no'}
          </Text>
          <Title order={5}>Environment</Title>
          {d.env.length === 0 && <Text size="sm">None.</Text>}
          <Table aria-label="Environment" fz="sm">
            <Table.Tbody>
              {d.env.map((e) => (
                <Table.Tr key={e.name}>
                  <Table.Td ff="monospace">{e.name}</Table.Td>
                  <Table.Td ff="monospace" style={{ wordBreak: 'break-all' }}>
                    {e.value}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Title order={5}>Mounts</Title>
          {d.mounts.length === 0 ? (
            <Text size="sm">None.</Text>
          ) : (
            <Table aria-label="Mounts" fz="sm">
              <Table.Tbody>
                {d.mounts.map((m) => (
                  <Table.Tr key={m.destination}>
                    <Table.Td>{m.type}</Table.Td>
                    <Table.Td ff="monospace">{m.source}</Table.Td>
                    <Table.Td ff="monospace">
                      → {m.destination}
                      {m.readOnly ? ' (read-only)' : ''}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          <Title order={5}>Networks</Title>
          <Table aria-label="Networks" fz="sm">
            <Table.Tbody>
              {d.networks.map((n) => (
                <Table.Tr key={n.name}>
                  <Table.Td>{n.name}</Table.Td>
                  <Table.Td ff="monospace">{n.ipAddress || '—'}</Table.Td>
                  <Table.Td ff="monospace">gateway {n.gateway || '—'}</Table.Td>
                  <Table.Td ff="monospace">{n.macAddress || '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      )}
    </Modal>
  )
}
