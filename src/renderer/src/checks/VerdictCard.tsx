import { Card, Group, List, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import type { JSX } from 'react'
import type { DoctorReport, VerdictLevel } from '@shared/checks.js'
import { LEVEL_STATUS, STATUS_LOOK, StatusIcon } from './StatusIcon'

const LEVEL_WORD: Record<VerdictLevel, string> = {
  ready: 'Ready',
  degraded: 'Works, with limits',
  unusable: 'Not usable',
}

function yesNo(value: boolean | undefined): string {
  return value === undefined ? 'Unknown' : value ? 'Yes' : 'No'
}

function Fact({ label, value }: { label: string; value: string }): JSX.Element {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={500}>
        {value}
      </Text>
    </Stack>
  )
}

/** The verdict first: headline, why, and where signals disagree, which one it trusts and why. */
export function VerdictCard({ report }: { report: DoctorReport }): JSX.Element {
  const { verdict, cpu, kvm } = report
  const status = LEVEL_STATUS[verdict.level]
  const color = STATUS_LOOK[status].color
  const disagree = verdict.signalsDisagree
  return (
    <Card
      withBorder
      padding="lg"
      component="section"
      aria-label="Verdict"
      style={{ borderLeft: `5px solid var(--mantine-color-${color}-filled)` }}
    >
      <Group align="flex-start" wrap="nowrap" gap="md">
        <StatusIcon status={status} size={40} />
        <Stack gap={6} style={{ flex: 1 }}>
          <Text size="xs" fw={700} tt="uppercase" c={`${color}.8`}>
            Verdict: {LEVEL_WORD[verdict.level]}
          </Text>
          <Title order={3} size="h3">
            {verdict.headline}
          </Title>
          <Text size="sm">{verdict.explanation}</Text>
        </Stack>
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 4 }} mt="md" spacing="sm">
        <Fact label="CPU" value={cpu.model ?? cpu.vendorId ?? 'Unknown'} />
        <Fact label="KVM usable" value={yesNo(kvm.usable)} />
        <Fact
          label="Runs under a hypervisor"
          value={
            cpu.underHypervisor === true && cpu.hypervisorVendor
              ? `Yes (${cpu.hypervisorVendor})`
              : yesNo(cpu.underHypervisor)
          }
        />
        <Fact
          label="Nested"
          value={kvm.nested === undefined ? 'Not applicable' : kvm.nested ? 'On' : 'Off'}
        />
      </SimpleGrid>
      {disagree !== undefined && (
        <Stack gap={6} mt="md" component="section" aria-labelledby="verdict-disagree">
          <Title order={4} size="h6" id="verdict-disagree">
            Signals that disagree
          </Title>
          <List size="sm" spacing={2}>
            {disagree.signals.map((signal) => (
              <List.Item key={signal}>{signal}</List.Item>
            ))}
          </List>
          <Text size="sm">
            <Text span fw={700}>
              The verdict trusts {disagree.trusted}.
            </Text>{' '}
            {disagree.why}
          </Text>
        </Stack>
      )}
    </Card>
  )
}
