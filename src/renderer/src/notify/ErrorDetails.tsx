import { Button, Code, Collapse, Stack, Text } from '@mantine/core'
import { useDisclosure, useId } from '@mantine/hooks'
import type { JSX } from 'react'
import type { AppError } from '@shared/errors.js'
import { withCode } from '../ui/codeText'

/**
 * An error's message, with its detail (command output, what to do) behind a "Details" toggle.
 * For rejected input the detail is the list of problems itself, so it is shown at once.
 */
export function ErrorDetails({
  error,
  fix,
}: {
  error: AppError
  fix?: { label: string; run: () => void }
}): JSX.Element {
  const [opened, { toggle }] = useDisclosure(error.code === 'INVALID_INPUT')
  const detailId = useId()
  return (
    <Stack gap={4}>
      <Text size="sm">{withCode(error.message)}</Text>
      {fix !== undefined && (
        <Button size="compact-xs" w="fit-content" onClick={fix.run}>
          {fix.label}
        </Button>
      )}
      {error.detail !== undefined && (
        <>
          <Button
            variant="subtle"
            size="compact-xs"
            w="fit-content"
            onClick={toggle}
            aria-expanded={opened}
            aria-controls={detailId}
          >
            {opened ? 'Hide details' : 'Details'}
          </Button>
          <Collapse expanded={opened} id={detailId}>
            {/* Bounded: a long output scrolls inside, so the notification (and its title) stays on screen. */}
            <Code
              block
              style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', maxHeight: '40vh', overflow: 'auto' }}
            >
              {error.detail}
            </Code>
          </Collapse>
        </>
      )}
    </Stack>
  )
}
