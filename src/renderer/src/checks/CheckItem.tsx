import { Box, Button, Code, Collapse, Group, Stack, Text } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import type { JSX } from 'react'
import { useId } from 'react'
import type { CheckFix, CheckResult } from '@shared/checks.js'
import { shortTitle } from './checkGroups'
import { CopyButton } from './CopyButton'
import { StatusLabel } from './StatusIcon'

const MONO_BLOCK = {
  whiteSpace: 'pre-wrap',
  wordBreak: 'break-word',
  maxHeight: 320,
  overflow: 'auto',
} as const

function Fix({ fix, title }: { fix: CheckFix; title: string }): JSX.Element {
  const commands = fix.commands ?? []
  return (
    <Box pl="sm" py={2} style={{ borderLeft: '3px solid var(--mantine-color-blue-filled)' }}>
      <Text size="sm">
        <Text span fw={600}>
          How to fix:{' '}
        </Text>
        {fix.text}
      </Text>
      {commands.length > 0 && (
        <Stack gap={4} mt={6}>
          {commands.map((command, index) => (
            <Group key={index} gap="xs" wrap="nowrap" align="flex-start">
              <Code block style={{ flex: 1, whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                {command}
              </Code>
              <CopyButton text={command} label={`Copy command: ${command}`} />
            </Group>
          ))}
          {commands.length > 1 && (
            <CopyButton
              text={commands.join('\n')}
              label={`Copy all commands to fix ${title}`}
              variant="light"
            >
              Copy all
            </CopyButton>
          )}
        </Stack>
      )}
    </Box>
  )
}

/** One check: status in icon and words, summary, the fix with copyable commands, and what was read. */
export function CheckItem({ check }: { check: CheckResult }): JSX.Element {
  const [opened, { toggle }] = useDisclosure(false)
  const evidenceId = useId()
  const title = shortTitle(check)
  return (
    <Group component="li" align="flex-start" wrap="nowrap" gap="md" py="sm" aria-label={title}>
      <StatusLabel status={check.status} />
      <Stack gap={6} style={{ flex: 1, minWidth: 0 }}>
        <Text fw={600} size="sm">
          {title}
        </Text>
        <Text size="sm">{check.summary}</Text>
        {check.fix !== undefined && <Fix fix={check.fix} title={title} />}
        {check.evidence.length > 0 && (
          <>
            <Button
              variant="transparent"
              size="compact-xs"
              px={0}
              w="fit-content"
              onClick={toggle}
              aria-expanded={opened}
              aria-controls={evidenceId}
              aria-label={`${opened ? 'Hide' : 'Show'} evidence: ${title}`}
            >
              {opened ? 'Hide evidence' : `Show evidence (${check.evidence.length})`}
            </Button>
            <Collapse expanded={opened} id={evidenceId}>
              <Stack gap="xs">
                {check.evidence.map((evidence, index) => (
                  <Stack key={index} gap={2}>
                    <Text size="xs" c="dimmed">
                      From <Code>{evidence.source}</Code>
                    </Text>
                    <Code block style={MONO_BLOCK}>
                      {evidence.text}
                    </Code>
                  </Stack>
                ))}
              </Stack>
            </Collapse>
          </>
        )}
      </Stack>
    </Group>
  )
}
