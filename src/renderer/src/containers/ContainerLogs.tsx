import { Alert, Code, Group, Loader, Modal, ScrollArea, Switch, Text, TextInput } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import type { JSX } from 'react'
import { useState } from 'react'
import type { ContainerSummary } from '@shared/containers.js'
import { ErrorDetails } from '../notify/ErrorDetails'
import { useLogs } from './useContainers'
import { useFollowedLogs } from './useFollowedLogs'

/** The last 500 lines of a container's log (stdout and stderr, stderr marked), with a search. */
export function ContainerLogs({
  hostId,
  container,
  onClose,
}: {
  hostId: string
  container: ContainerSummary | null
  onClose(): void
}): JSX.Element {
  const [search, setSearch] = useState('')
  const [debounced] = useDebouncedValue(search, 250)
  const [follow, setFollow] = useState(false)
  const logs = useLogs(hostId, follow ? null : (container?.id ?? null), debounced)
  const followed = useFollowedLogs(hostId, container?.id ?? null, debounced, follow)
  return (
    <Modal opened={container !== null} onClose={onClose} title={`Logs of ${container?.name ?? ''}`} size="xl">
      <Group mb="sm" gap="sm">
        <TextInput
          placeholder="Only lines containing…"
          aria-label="Search the log"
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          style={{ flex: 1 }}
        />
        {logs.isFetching && <Loader size="xs" aria-label="Reading the log" />}
        <Switch
          label="Follow"
          checked={follow}
          onChange={(e) => setFollow(e.currentTarget.checked)}
          disabled={container?.state !== 'running'}
        />
      </Group>
      {follow && (
        <ScrollArea.Autosize mah={420}>
          <Code block aria-label="Log lines, followed">
            {followed.length === 0 ? 'Waiting for lines…' : followed.join('\n')}
          </Code>
        </ScrollArea.Autosize>
      )}
      {logs.error !== null && (
        <Alert color="red" title="Could not read the log">
          <ErrorDetails error={logs.error} />
        </Alert>
      )}
      {!follow && logs.data?.length === 0 && (
        <Text size="sm" c="dimmed">
          {debounced === '' ? 'The log is empty.' : `No line contains “${debounced}”.`}
        </Text>
      )}
      {!follow && logs.data !== undefined && logs.data.length > 0 && (
        <ScrollArea.Autosize mah={420}>
          <Code block aria-label="Log lines">
            {logs.data.map((l) => (l.stream === 'stderr' ? `[stderr] ${l.text}` : l.text)).join('\n')}
          </Code>
        </ScrollArea.Autosize>
      )}
    </Modal>
  )
}
