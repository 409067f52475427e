import { TextInput } from '@mantine/core'
import type { TextInputProps } from '@mantine/core'
import type { JSX } from 'react'
import type { FieldErrors, HostDraft } from './hostDraft'

/** The fields of a host that are typed as they are used: addresses, account names, paths, URIs. */
type LiteralKey = 'hostname' | 'username' | 'keyPath' | 'libvirtUri'

interface Props extends Omit<TextInputProps, 'value' | 'onChange' | 'error'> {
  field: LiteralKey
  draft: HostDraft
  errors: FieldErrors
  onChange(patch: Partial<HostDraft>): void
}

/** A text field of the host form for a literal value: no spell check, no automatic capitals. */
export function LiteralField({ field, draft, errors, onChange, ...props }: Props): JSX.Element {
  return (
    <TextInput
      {...props}
      value={draft[field]}
      onChange={(event) => onChange({ [field]: event.currentTarget.value })}
      error={errors[field]}
      spellCheck={false}
      autoCapitalize="off"
    />
  )
}
