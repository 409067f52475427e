import { Group, NumberInput, SegmentedControl, Stack, Text, TextInput } from '@mantine/core'
import { useId } from '@mantine/hooks'
import type { JSX } from 'react'
import { AuthFields } from './AuthFields'
import { LiteralField } from './LiteralField'
import type { FieldErrors, HostDraft } from './hostDraft'

interface Props {
  draft: HostDraft
  errors: FieldErrors
  onChange(patch: Partial<HostDraft>): void
  /** Editing a host whose password or passphrase is already saved. */
  hasSavedSecret: boolean
}

export function ConnectionFields({ draft, errors, onChange, hasSavedSecret }: Props): JSX.Element {
  const kindLabelId = useId()
  const fieldProps = { draft, errors, onChange }
  return (
    <Stack gap="sm">
      <Stack gap={4}>
        <Text id={kindLabelId} size="sm" fw={500}>
          Connection
        </Text>
        <SegmentedControl<HostDraft['kind']>
          aria-labelledby={kindLabelId}
          value={draft.kind}
          onChange={(kind) => onChange({ kind })}
          data={[
            { value: 'local', label: 'This computer' },
            { value: 'ssh', label: 'SSH' },
          ]}
        />
      </Stack>
      <TextInput
        label="Name"
        description="How this host appears in VirtDeck"
        required
        value={draft.name}
        onChange={(event) => onChange({ name: event.currentTarget.value })}
        error={errors.name}
        data-autofocus
      />
      {draft.kind === 'ssh' && (
        <>
          <Group align="flex-start" grow wrap="nowrap">
            <LiteralField
              field="hostname"
              {...fieldProps}
              label="Address"
              description="Host name or IP address"
              required
              style={{ flexGrow: 3 }}
            />
            <NumberInput
              label="Port"
              description="Usually 22"
              required
              min={1}
              max={65535}
              // Out of range is said at the field on save, not silently changed to 65535.
              clampBehavior="none"
              allowDecimal={false}
              allowNegative={false}
              hideControls
              value={draft.port}
              onChange={(port) => onChange({ port })}
              error={errors.port}
              style={{ flexGrow: 1 }}
            />
          </Group>
          <LiteralField
            field="username"
            {...fieldProps}
            label="User"
            description="The account to log in as"
            required
          />
          <AuthFields draft={draft} errors={errors} onChange={onChange} hasSavedSecret={hasSavedSecret} />
        </>
      )}
      <LiteralField
        field="libvirtUri"
        {...fieldProps}
        label="libvirt URI"
        description="qemu:///system for the system instance; qemu:///session for your own user's"
      />
    </Stack>
  )
}
