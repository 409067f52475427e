import { Alert, Button, Code, Group, List, Select, Stack, Text } from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import { useVmNames } from '../api/useNested'
import { useLaunch } from '../api/usePassthrough'
import { ErrorDetails } from '../notify/ErrorDetails'
import { SectionCard } from '../ui/SectionCard'

/** "Start gaming VM": pre-flight, start, the first minute watched, and the verdict in words. */
export function LaunchCard({ hostId }: { hostId: string }): JSX.Element {
  const names = useVmNames(hostId)
  const launch = useLaunch()
  const [vm, setVm] = useState<string | null>(null)
  const report = launch.mutation.data
  return (
    <SectionCard title="Start gaming VM">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          Checks the card is on vfio-pci, its group is viable, hugepages and the Looking Glass file are in
          place; then starts the VM and watches its state and log for the first minute.
        </Text>
        <Group align="flex-end">
          <Select
            label="Gaming VM"
            placeholder="Choose a VM"
            data={names}
            value={vm}
            onChange={setVm}
            searchable
            w={320}
          />
          <Button
            disabled={vm === null}
            loading={launch.mutation.isPending}
            onClick={() => vm !== null && launch.mutation.mutate({ hostId, vm, watchSeconds: 60 })}
          >
            Start gaming VM
          </Button>
          {launch.mutation.isPending && (
            <Button variant="subtle" onClick={launch.cancel}>
              Stop watching
            </Button>
          )}
        </Group>
        {launch.mutation.isPending && launch.progress !== null && (
          <Text size="sm" role="status">
            {launch.progress.message}
          </Text>
        )}
        {launch.mutation.error !== null && <ErrorDetails error={launch.mutation.error} />}
        {report !== undefined && (
          <Stack gap="xs" component="section" aria-label={`Start of ${report.vm}`}>
            <Alert color={report.ok ? 'teal' : 'red'} title={report.ok ? 'Running' : 'Did not go well'}>
              {report.verdict}
            </Alert>
            <List size="sm" spacing={2} aria-label="Pre-flight">
              {report.preflight.map((c) => (
                <List.Item key={c.label}>
                  {c.ok ? 'Passed' : 'Failed'}: {c.label} — {c.evidence}
                </List.Item>
              ))}
            </List>
            {report.states.length > 0 && (
              <Text size="sm">
                States: {report.states.map((s) => `${s.state} (${s.afterSeconds} s)`).join(' → ')}
              </Text>
            )}
            {report.problems.map((p) => (
              <Stack gap={2} key={p.id}>
                <Text size="sm" fw={600}>
                  {p.what}
                </Text>
                <Text size="sm">{p.todo}</Text>
                <Code block>{p.line}</Code>
              </Stack>
            ))}
          </Stack>
        )}
      </Stack>
    </SectionCard>
  )
}
