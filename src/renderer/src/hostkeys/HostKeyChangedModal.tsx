import { Alert, Button, Code, Group, Modal, Stack, Text } from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import { useForgetHostKey } from '../api/useHostMutations'
import { useLastDefined } from '../ui/useLastDefined'
import type { HostKeyRequest } from './hostKeyRequests'

type ChangedRequest = Extract<HostKeyRequest, { kind: 'changed' }>

/** Refuses a changed host key; the stored key can be forgotten only after a second, explicit step. */
export function HostKeyChangedModal({ request }: { request: ChangedRequest | undefined }): JSX.Element {
  const shown = useLastDefined(request)
  const forget = useForgetHostKey()
  const [confirming, setConfirming] = useState(false)

  const answer = (forgotten: boolean): void => {
    setConfirming(false)
    forget.reset()
    request?.resolve(forgotten)
  }
  const onForget = (): void => {
    if (!request) return
    forget.mutate(request.address, { onSuccess: () => answer(true) })
  }

  return (
    <Modal
      stackId="host-key-changed"
      opened={request !== undefined}
      onClose={() => answer(false)}
      title="The host key has changed"
      size="lg"
      centered
    >
      {shown && (
        <Stack gap="md">
          <Alert color="red" variant="filled" title="Connection refused">
            The machine at {shown.address} presented a different host key than the one you accepted before.
            This happens when the machine was reinstalled or its SSH keys were regenerated — but it can also
            mean that someone is intercepting the connection. VirtDeck will not connect until this is
            resolved.
          </Alert>
          <Text size="sm">{shown.error.message}</Text>
          {shown.error.detail !== undefined && (
            <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
              {shown.error.detail}
            </Code>
          )}
          {confirming ? (
            <Alert color="yellow" title={`Forget the stored key for ${shown.address}?`}>
              <Stack gap="sm">
                <Text size="sm">
                  Do this only if you know why the key changed, for example because you reinstalled the
                  machine. VirtDeck will then show you the new key to verify before it connects.
                </Text>
                {forget.error && (
                  <Text size="sm" c="red">{`Could not forget the key: ${forget.error.message}`}</Text>
                )}
                <Group justify="flex-end">
                  <Button variant="default" onClick={() => setConfirming(false)} disabled={forget.isPending}>
                    Back
                  </Button>
                  <Button color="red" onClick={onForget} loading={forget.isPending}>
                    Forget the key
                  </Button>
                </Group>
              </Stack>
            </Alert>
          ) : (
            <Group justify="flex-end">
              <Button variant="default" color="red" onClick={() => setConfirming(true)}>
                Forget the stored key…
              </Button>
              <Button onClick={() => answer(false)}>Close</Button>
            </Group>
          )}
        </Stack>
      )}
    </Modal>
  )
}
