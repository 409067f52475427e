import { Code, List, Stack, Text, Title } from '@mantine/core'
import type { JSX } from 'react'
import type { HostChangeRecord } from '@shared/changes.js'
import { DiffView } from '../DiffView'
import { formatWhen } from '../time'

/** Everything a change did: each file's diff and backup, each VM's diff, the commands, the last verification. */
export function ChangeDetails({ change }: { change: HostChangeRecord }): JSX.Element {
  return (
    <Stack gap="sm" pl="md">
      {change.files.map((file) => (
        <Stack gap={4} key={file.path}>
          <Text size="sm">
            <Code>{file.path}</Code>{' '}
            {file.existedBefore
              ? `— original kept at ${file.backupPath ?? 'its backup'}`
              : '— created by VirtDeck (undo removes it)'}
          </Text>
          {file.diff !== '' && <DiffView diff={file.diff} label={`Changes to ${file.path}`} />}
        </Stack>
      ))}
      {change.domains.map((domain) => (
        <Stack gap={4} key={domain.uuid}>
          <Text size="sm">
            VM <Code>{domain.name}</Code> — previous definition kept in its XML history (#{domain.historyId})
          </Text>
          {domain.diff !== '' && (
            <DiffView diff={domain.diff} label={`Changes to the definition of ${domain.name}`} />
          )}
        </Stack>
      ))}
      {change.commands.length > 0 && (
        <Text size="sm">
          Commands run as root:{' '}
          <Code>{change.commands.map((c) => [c.file, ...c.args].join(' ')).join('; ')}</Code>
        </Text>
      )}
      {change.backupFolder !== null && (
        <Text size="sm">
          Backup folder on the host: <Code>{change.backupFolder}</Code>
        </Text>
      )}
      {change.verification !== null && (
        <Stack gap={2}>
          <Title order={4} size="h6">
            Last check, {formatWhen(change.verification.at)}
          </Title>
          <List size="sm" spacing={2}>
            {change.verification.checks.map((check) => (
              <List.Item key={check.label}>
                {check.ok === true ? 'Passed: ' : check.ok === false ? 'Failed: ' : 'Not yet known: '}
                {check.label}{' '}
                <Text span c="dimmed" size="xs">
                  ({check.evidence})
                </Text>
              </List.Item>
            ))}
          </List>
        </Stack>
      )}
    </Stack>
  )
}
