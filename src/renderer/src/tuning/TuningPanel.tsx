import { Badge, Button, Group, Loader, Stack, Table, Text } from '@mantine/core'
import type { JSX } from 'react'
import type { HostView } from '@shared/hosts.js'
import { useHostTuning } from '../api/useTuning'
import { ErrorDetails } from '../notify/ErrorDetails'
import { PanelHeading } from '../ui/PanelHeading'
import { SectionCard } from '../ui/SectionCard'

/** Host-wide tuning: every VM's score, lowest first, and the worst findings across them. Read only. */
export function TuningPanel({ host }: { host: HostView }): JSX.Element {
  const run = useHostTuning()
  const report = run.mutation.data
  return (
    <Stack gap="lg" maw={1100}>
      <PanelHeading title="VM tuning">{host.name}</PanelHeading>
      <Text size="sm" c="dimmed">
        Every VM of this host judged by the tuning rules (CPU, disks, images, network, memory, pinning,
        Windows enlightenments). Open a VM’s Tuning tab to see why and to apply fixes.
      </Text>
      <Group gap="sm">
        <Button
          w="fit-content"
          loading={run.mutation.isPending}
          onClick={() => run.mutation.mutate({ hostId: host.id })}
        >
          {report === undefined ? 'Judge every VM' : 'Judge again'}
        </Button>
        {run.mutation.isPending && (
          <Button variant="subtle" onClick={run.cancel}>
            Cancel
          </Button>
        )}
      </Group>
      {run.mutation.isPending && <Loader size="sm" aria-label="Reading every VM" />}
      {run.mutation.error !== null && <ErrorDetails error={run.mutation.error} />}
      {report !== undefined && (
        <>
          <SectionCard title="Scores">
            {report.vms.length === 0 ? (
              <Text size="sm">No VMs on {host.name}.</Text>
            ) : (
              <Table aria-label={`Tuning scores on ${host.name}`}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>VM</Table.Th>
                    <Table.Th>Score</Table.Th>
                    <Table.Th>Risky</Table.Th>
                    <Table.Th>To improve</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {report.vms.map((vm) => (
                    <Table.Tr key={vm.uuid}>
                      <Table.Td>{vm.vm}</Table.Td>
                      <Table.Td>{vm.score} / 100</Table.Td>
                      <Table.Td>{vm.risky}</Table.Td>
                      <Table.Td>{vm.improve}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </SectionCard>
          <SectionCard title="Worst findings">
            <Stack gap="xs" component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
              {report.worst.slice(0, 30).map((w) => (
                <Group component="li" key={`${w.vm}-${w.finding.rule}`} gap="xs" wrap="nowrap">
                  <Badge variant="light" color={w.finding.verdict === 'risky' ? 'red' : 'yellow'}>
                    {w.finding.verdict === 'risky' ? 'Risky' : 'Improve'}
                  </Badge>
                  <Text size="sm">
                    <b>{w.vm}</b>: {w.finding.title} — {w.finding.fix?.summary ?? 'see the VM’s Tuning tab'}
                  </Text>
                </Group>
              ))}
              {report.worst.length === 0 && <Text size="sm">Nothing to improve.</Text>}
            </Stack>
          </SectionCard>
          {report.failed.map((f) => (
            <Text size="sm" c="red.8" key={f.vm}>
              Could not judge {f.vm}: {f.error}
            </Text>
          ))}
        </>
      )}
    </Stack>
  )
}
