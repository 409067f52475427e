import { Alert, Button, Group, Stack, Text } from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import type { VagrantValidation } from '@shared/vagrant-contract.js'
import { toAppError } from '../api/errors'
import { invoke } from '../api/virtdeck'
import { ErrorDetails } from '../notify/ErrorDetails'
import { XmlCodeEditor } from '../vmmisc/XmlCodeEditor'

/**
 * A Vagrantfile written (or changed) by hand, in a Ruby editor: saved as the user typed it — the
 * designer never rewrites it — and only when the file on the host is still the one opened here.
 * `vagrant validate` runs after each save.
 */
export function VagrantfileTextEditor({
  projectId,
  name,
  text,
  onSaved,
}: {
  projectId: string
  name: string
  text: string
  onSaved(): void
}): JSX.Element {
  // What the host had when the editor opened it (or when it last saved): the base for the lost-update check.
  const [base, setBase] = useState(text)
  const [draft, setDraft] = useState(text)
  const [saving, setSaving] = useState(false)
  const [result, setResult] = useState<
    | { kind: 'saved'; validation: VagrantValidation }
    | { kind: 'failed'; error: ReturnType<typeof toAppError> }
    | null
  >(null)
  const changed = draft !== base
  const save = async (): Promise<void> => {
    setSaving(true)
    try {
      const validation = await invoke('vagrant.saveText', { projectId, text: draft, opened: base })
      setBase(draft)
      setResult({ kind: 'saved', validation })
      onSaved()
    } catch (error) {
      setResult({ kind: 'failed', error: toAppError(error) })
    } finally {
      setSaving(false)
    }
  }
  return (
    <Stack gap="xs">
      <XmlCodeEditor value={draft} onChange={setDraft} label={`Vagrantfile of ${name}`} language="ruby" />
      <Group gap="sm">
        <Button size="compact-md" onClick={() => void save()} disabled={!changed} loading={saving}>
          Save and validate
        </Button>
        <Button
          size="compact-md"
          variant="default"
          onClick={() => setDraft(base)}
          disabled={!changed || saving}
        >
          Discard changes
        </Button>
        {changed && (
          <Text size="xs" c="dimmed">
            Not saved yet.
          </Text>
        )}
      </Group>
      {result?.kind === 'failed' && (
        <Alert color="red" title={result.error.message}>
          <ErrorDetails error={result.error} />
        </Alert>
      )}
      {result?.kind === 'saved' && (
        <Alert
          color={result.validation.ok ? 'green' : 'orange'}
          title={
            result.validation.ok
              ? 'Saved; vagrant validate accepts it.'
              : 'Saved, but vagrant validate reports errors'
          }
        >
          {!result.validation.ok &&
            result.validation.messages.map((m, i) => (
              <Text key={i} size="sm" ff="monospace">
                {m.machine ? `[${m.machine}] ` : ''}
                {m.text}
              </Text>
            ))}
        </Alert>
      )}
    </Stack>
  )
}
