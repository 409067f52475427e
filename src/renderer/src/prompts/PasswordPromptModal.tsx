import { Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core'
import type { JSX, SubmitEvent } from 'react'
import { useState } from 'react'
import type { PasswordPromptEvent } from '@shared/protocol.js'
import { usePasswordPrompts } from '../api/usePasswordPrompts'
import { notifyFailure } from '../notify/notify'
import { useLastDefined } from '../ui/useLastDefined'

const TITLES: Record<PasswordPromptEvent['kind'], string> = {
  sudo: 'Administrator password needed',
  passphrase: 'Key passphrase needed',
  password: 'Password needed',
}

const LABELS: Record<PasswordPromptEvent['kind'], string> = {
  sudo: 'Password for sudo',
  passphrase: 'Passphrase',
  password: 'Password',
}

/** Answers main's password prompts (sudo over SSH, a key passphrase), one at a time. */
export function PasswordPromptModal(): JSX.Element {
  const { current, answer } = usePasswordPrompts()
  const shown = useLastDefined(current)
  const [value, setValue] = useState('')
  const [sending, setSending] = useState(false)

  const respond = (response: string | null): void => {
    if (!current || sending) return
    setSending(true)
    answer(current.promptId, response)
      .catch((error: unknown) =>
        notifyFailure({
          id: `prompt:${current.promptId}`,
          title: 'Could not answer the password prompt',
          error,
        }),
      )
      .finally(() => {
        setSending(false)
        setValue('')
      })
  }
  const submit = (event: SubmitEvent<HTMLFormElement>): void => {
    event.preventDefault()
    respond(value)
  }

  return (
    <Modal
      stackId="password-prompt"
      opened={current !== undefined}
      onClose={() => respond(null)}
      title={shown ? TITLES[shown.kind] : 'Password needed'}
      centered
    >
      {shown && (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <Text size="sm">{shown.reason}</Text>
            <PasswordInput
              label={LABELS[shown.kind]}
              description={shown.prompt}
              value={value}
              onChange={(event) => setValue(event.currentTarget.value)}
              autoComplete="off"
              data-autofocus
            />
            <Text size="xs" c="dimmed">
              It is used for this request only and is not saved.
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => respond(null)} disabled={sending}>
                Cancel
              </Button>
              <Button type="submit" loading={sending}>
                OK
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  )
}
