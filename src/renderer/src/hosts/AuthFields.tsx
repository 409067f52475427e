import { Group, PasswordInput, Radio, Stack, Text } from '@mantine/core'
import type { JSX } from 'react'
import type { AuthMethod } from '@shared/hosts.js'
import type { FieldErrors, HostDraft } from './hostDraft'
import { LiteralField } from './LiteralField'
import { useSecretStorage } from '../api/useSettings'

interface Props {
  draft: HostDraft
  errors: FieldErrors
  onChange(patch: Partial<HostDraft>): void
  hasSavedSecret: boolean
}

const METHODS: { value: AuthMethod; label: string }[] = [
  { value: 'agent', label: 'SSH agent' },
  { value: 'key', label: 'Key file' },
  { value: 'password', label: 'Password' },
]

export function AuthFields({ draft, errors, onChange, hasSavedSecret }: Props): JSX.Element {
  const keepSaved = hasSavedSecret ? ' Leave empty to keep the saved one.' : ''
  const storage = useSecretStorage().data?.message ?? ''
  return (
    <Stack gap="sm">
      <Radio.Group
        label="Authentication"
        value={draft.auth}
        onChange={(value) => {
          const method = METHODS.find((item) => item.value === value)
          if (method) onChange({ auth: method.value })
        }}
        error={errors.auth}
      >
        <Group gap="lg" mt={6}>
          {METHODS.map((method) => (
            <Radio key={method.value} value={method.value} label={method.label} />
          ))}
        </Group>
      </Radio.Group>
      {draft.auth === 'agent' && (
        <Text size="sm" c="dimmed">
          Uses the keys loaded in your SSH agent (ssh-add -l lists them).
        </Text>
      )}
      {draft.auth === 'key' && (
        <>
          <LiteralField
            field="keyPath"
            draft={draft}
            errors={errors}
            onChange={onChange}
            label="Private key file"
            description="Path on this computer, e.g. ~/.ssh/id_ed25519"
            required
          />
          <PasswordInput
            label="Key passphrase"
            description={`Only if the key has one. ${storage}${keepSaved}`}
            value={draft.secret}
            onChange={(event) => onChange({ secret: event.currentTarget.value })}
            error={errors.secret}
            autoComplete="off"
          />
        </>
      )}
      {draft.auth === 'password' && (
        <PasswordInput
          label="Password"
          description={`${storage}${keepSaved}`}
          value={draft.secret}
          onChange={(event) => onChange({ secret: event.currentTarget.value })}
          error={errors.secret}
          autoComplete="off"
        />
      )}
    </Stack>
  )
}
