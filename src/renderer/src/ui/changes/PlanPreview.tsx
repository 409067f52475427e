import { Alert, Code, Group, List, Stack, Text, Title } from '@mantine/core'
import type { JSX } from 'react'
import type { ChangePlanBase } from '@shared/changes.js'
import { CopyButton } from '../../checks/CopyButton'
import { DiffView } from '../DiffView'

/** Everything a change will do, before it runs: blockers, the exact file diffs, the commands, reboot or not. */
export function PlanPreview({ plan, label }: { plan: ChangePlanBase; label: string }): JSX.Element {
  const nothing = plan.files.length === 0 && plan.commands.length === 0
  return (
    <Stack gap="sm" component="section" aria-label={label}>
      {plan.blockers.length > 0 && (
        <Alert color="red" title="This change cannot be applied now" role="alert">
          <List size="sm" spacing={4}>
            {plan.blockers.map((blocker) => (
              <List.Item key={blocker}>{blocker}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      {nothing && plan.blockers.length === 0 && (
        <Alert color="teal" title="Nothing to change">
          This host is already set up this way.
        </Alert>
      )}
      {plan.files.map((file) => (
        <Stack key={file.path} gap={4}>
          <Title order={4} size="h6">
            {file.before === null ? 'New file' : 'File'} <Code>{file.path}</Code>
          </Title>
          <DiffView diff={file.diff} label={`Changes to ${file.path}`} />
        </Stack>
      ))}
      {plan.commands.length > 0 && (
        <Stack gap={4}>
          <Title order={4} size="h6">
            Then these commands run as root
          </Title>
          {plan.commands.map((command, index) => {
            const line = [command.file, ...command.args].join(' ')
            return (
              <Stack key={index} gap={2}>
                <Group gap="xs" wrap="nowrap">
                  <Code block style={{ flex: 1 }}>
                    $ {line}
                  </Code>
                  <CopyButton text={line} label={`Copy command: ${line}`} />
                </Group>
                <Text size="xs" c="dimmed">
                  {command.why}
                </Text>
              </Stack>
            )
          })}
        </Stack>
      )}
      {!nothing && (
        <Text size="sm" c="dimmed">
          Files are backed up on the host (under /var/lib/virtdeck/backups) before they are written; Undo puts
          them back.
        </Text>
      )}
      {plan.rebootRequired ? (
        <Alert color="yellow" title="A reboot is needed">
          The new setting takes effect when the host starts again.
        </Alert>
      ) : (
        !nothing && <Text size="sm">No reboot needed.</Text>
      )}
      {plan.notes.length > 0 && (
        <Stack gap={2}>
          <Title order={4} size="h6">
            Notes
          </Title>
          <List size="sm" spacing={2}>
            {plan.notes.map((note, index) => (
              <List.Item key={index}>{note}</List.Item>
            ))}
          </List>
        </Stack>
      )}
    </Stack>
  )
}
