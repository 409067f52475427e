import { Alert, Button, Code, Group, List, Loader, Stack, Text } from '@mantine/core'
import type { JSX } from 'react'
import { useEffect, useRef } from 'react'
import type { HostTestState } from '../api/useHostTest'
import { TestReportView } from './TestReportView'

interface Props {
  state: HostTestState
  onCancel(): void
  onUseUri?: ((uri: string) => void) | undefined
  usingUri?: boolean
}

/** Progress, result or exact failure of "Test connection", in a labelled live region. */
export function TestConnectionPanel({
  state,
  onCancel,
  onUseUri,
  usingUri = false,
}: Props): JSX.Element | null {
  const panel = useRef<HTMLDivElement>(null)
  // The result may land below the fold of a long dialog: bring it into view once it is there.
  useEffect(() => {
    if (state.status !== 'idle' && state.status !== 'running')
      panel.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' })
  }, [state.status])
  if (state.status === 'idle') return null
  return (
    <Stack ref={panel} component="section" aria-label="Connection test" gap="sm">
      {state.progress.length > 0 && state.status !== 'done' && (
        <List size="sm" spacing={2} aria-label="Progress" c="dimmed">
          {state.progress.map((message, index) => (
            <List.Item key={index}>{message}</List.Item>
          ))}
        </List>
      )}
      <div aria-live="polite">
        {state.status === 'running' && (
          <Group gap="sm">
            <Loader size="sm" aria-hidden />
            <Text size="sm">Testing the connection…</Text>
            <Button size="xs" variant="default" onClick={onCancel}>
              Cancel test
            </Button>
          </Group>
        )}
        {state.status === 'done' && (
          <TestReportView report={state.report} onUseUri={onUseUri} usingUri={usingUri} />
        )}
        {state.status === 'cancelled' && (
          <Text size="sm" c="dimmed">
            The test was cancelled.
          </Text>
        )}
        {state.status === 'failed' && (
          <Alert color="red" title="The connection test failed">
            <Stack gap="xs">
              <Text size="sm">{state.error.message}</Text>
              {state.error.detail !== undefined && (
                <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                  {state.error.detail}
                </Code>
              )}
              <Text size="xs" c="dimmed">
                Error code: {state.error.code}
              </Text>
            </Stack>
          </Alert>
        )}
      </div>
    </Stack>
  )
}
