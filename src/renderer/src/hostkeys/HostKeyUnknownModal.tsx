import { Alert, Button, Code, Group, Modal, Stack, Table, Text } from '@mantine/core'
import type { JSX } from 'react'
import { useAcceptHostKey } from '../api/useHostMutations'
import { useLastDefined } from '../ui/useLastDefined'
import type { HostKeyRequest } from './hostKeyRequests'

type UnknownRequest = Extract<HostKeyRequest, { kind: 'unknown' }>

/** The file whose fingerprint `ssh-keygen -lf` prints for this kind of key. */
function hostKeyFile(keyType: string): string {
  if (keyType.startsWith('ecdsa')) return '/etc/ssh/ssh_host_ecdsa_key.pub'
  if (keyType === 'ssh-rsa' || keyType.startsWith('rsa-')) return '/etc/ssh/ssh_host_rsa_key.pub'
  return '/etc/ssh/ssh_host_ed25519_key.pub'
}

export function HostKeyUnknownModal({ request }: { request: UnknownRequest | undefined }): JSX.Element {
  const shown = useLastDefined(request)
  const accept = useAcceptHostKey()

  const answer = (accepted: boolean): void => {
    accept.reset()
    request?.resolve(accepted)
  }
  const onAccept = (): void => {
    if (!request) return
    accept.mutate(request.key, { onSuccess: () => answer(true) })
  }

  return (
    <Modal
      stackId="host-key-unknown"
      opened={request !== undefined}
      onClose={() => answer(false)}
      title="Verify the host key"
      size="lg"
      centered
    >
      {shown && (
        <Stack gap="md">
          <Text size="sm">
            VirtDeck has not connected to <strong>{shown.key.address}</strong> before. Before you trust it,
            check that the key below is really that machine&apos;s key.
          </Text>
          <Table variant="vertical" withTableBorder layout="fixed">
            <Table.Tbody>
              <Table.Tr>
                <Table.Th w={110}>Address</Table.Th>
                <Table.Td>{shown.key.address}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>Key type</Table.Th>
                <Table.Td>{shown.key.keyType}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>Fingerprint</Table.Th>
                <Table.Td>
                  <Code
                    fz="sm"
                    style={{ wordBreak: 'break-all', userSelect: 'all' }}
                    data-testid="host-key-fingerprint"
                  >
                    {shown.key.fingerprint}
                  </Code>
                </Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
          <Stack gap={4}>
            <Text size="sm">On the machine itself (at its console, not over this connection), run:</Text>
            <Code block>ssh-keygen -lf {hostKeyFile(shown.key.keyType)}</Code>
            <Text size="sm">
              and compare the SHA256 fingerprint it prints with the one above. Accept only if they are
              identical.
            </Text>
          </Stack>
          {accept.error && (
            <Alert color="red" title="Could not store the key">
              {accept.error.message}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => answer(false)} disabled={accept.isPending}>
              Cancel
            </Button>
            <Button onClick={onAccept} loading={accept.isPending}>
              Accept and connect
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  )
}
