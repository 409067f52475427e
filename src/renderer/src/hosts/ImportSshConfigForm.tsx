import { Alert, Button, Checkbox, Group, Loader, ScrollArea, Stack, Text, TextInput } from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import type { AppError } from '@shared/errors.js'
import type { HostView, SshConfigEntry } from '@shared/hosts.js'
import { toAppError } from '../api/errors'
import { useAddHost } from '../api/useHostMutations'
import { useSshConfig } from '../api/useSshConfig'
import { ErrorDetails } from '../notify/ErrorDetails'
import { notifySuccess } from '../notify/notify'
import { describeEntry, entryKey, entryToInput, isAlreadyAdded } from './sshImport'

interface Props {
  hosts: readonly HostView[]
  onDone(): void
}

/** Lists ~/.ssh/config, adds the checked entries one by one, and shows which ones failed and why. */
export function ImportSshConfigForm({ hosts, onDone }: Props): JSX.Element {
  const config = useSshConfig(true)
  const add = useAddHost()
  const [chosen, setChosen] = useState<ReadonlySet<string> | null>(null)
  const [fallbackUser, setFallbackUser] = useState('')
  const [failures, setFailures] = useState<ReadonlyMap<string, AppError>>(new Map())
  const [importing, setImporting] = useState(false)

  const entries = config.data ?? []
  const fresh = entries.filter((entry) => !isAlreadyAdded(entry, hosts))
  const selected = chosen ?? new Set(fresh.map(entryKey))
  const picked = fresh.filter((entry) => selected.has(entryKey(entry)))
  const needsUser = picked.some((entry) => entry.username === undefined)

  const toggle = (entry: SshConfigEntry, on: boolean): void => {
    const next = new Set(selected)
    if (on) next.add(entryKey(entry))
    else next.delete(entryKey(entry))
    setChosen(next)
  }

  const runImport = async (): Promise<void> => {
    setImporting(true)
    const failed = new Map<string, AppError>()
    let added = 0
    for (const entry of picked) {
      try {
        await add.mutateAsync(entryToInput(entry, fallbackUser.trim()))
        added += 1
      } catch (error) {
        failed.set(entryKey(entry), toAppError(error))
      }
    }
    setImporting(false)
    setFailures(failed)
    setChosen(new Set(failed.keys()))
    if (added > 0)
      notifySuccess(
        'import-ssh-config',
        'Hosts imported',
        `${added} host${added === 1 ? '' : 's'} added from ~/.ssh/config.`,
      )
    if (failed.size === 0) onDone()
  }

  if (config.isPending) {
    return (
      <Group gap="sm">
        <Loader size="sm" aria-hidden />
        <Text size="sm">Reading ~/.ssh/config…</Text>
      </Group>
    )
  }
  if (config.isError) {
    return (
      <Alert color="red" title="Could not read ~/.ssh/config">
        <ErrorDetails error={config.error} />
      </Alert>
    )
  }
  if (entries.length === 0)
    return (
      <Text size="sm">Your ~/.ssh/config has no hosts to import (entries with wildcards are skipped).</Text>
    )

  return (
    <Stack gap="md">
      <Text size="sm">
        Choose the hosts to add. Each one connects with its IdentityFile when it has one, and with your SSH
        agent otherwise.
      </Text>
      <ScrollArea.Autosize mah={320} type="auto">
        <Stack gap="sm" role="group" aria-label="Hosts in ~/.ssh/config">
          {entries.map((entry) => {
            const added = !fresh.includes(entry)
            const failure = failures.get(entryKey(entry))
            return (
              <Stack key={entryKey(entry)} gap={4}>
                <Checkbox
                  label={entry.alias}
                  description={added ? `${describeEntry(entry)} (already added)` : describeEntry(entry)}
                  checked={!added && selected.has(entryKey(entry))}
                  disabled={added || importing}
                  onChange={(event) => toggle(entry, event.currentTarget.checked)}
                />
                {failure && (
                  <Alert color="red" title={`Could not add ${entry.alias}`} ml="xl" py="xs">
                    <ErrorDetails error={failure} />
                  </Alert>
                )}
              </Stack>
            )
          })}
        </Stack>
      </ScrollArea.Autosize>
      {needsUser && (
        <TextInput
          label="User for hosts without one"
          description="Some entries have no User line; VirtDeck needs to know which account to log in as."
          required
          value={fallbackUser}
          onChange={(event) => setFallbackUser(event.currentTarget.value)}
        />
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone} disabled={importing}>
          {failures.size > 0 ? 'Close' : 'Cancel'}
        </Button>
        <Button
          onClick={() => void runImport()}
          loading={importing}
          disabled={picked.length === 0 || (needsUser && fallbackUser.trim() === '')}
        >
          {`Import ${picked.length} host${picked.length === 1 ? '' : 's'}`}
        </Button>
      </Group>
    </Stack>
  )
}
