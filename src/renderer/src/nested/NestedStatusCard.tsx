import { Alert, Badge, Button, Card, Code, Group, List, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import type { JSX, ReactNode } from 'react'
import type { NestedStatus } from '@shared/nested.js'
import type { BootloaderKind, NestedState } from '@shared/nested.js'

const BOOTLOADER: Record<BootloaderKind, string> = {
  grub: 'GRUB',
  'systemd-boot': 'systemd-boot',
  kernelstub: 'kernelstub (Pop!_OS)',
  unknown: 'Not recognised',
}

function NestedBadge({ state, module }: { state: NestedState; module: string | null }): JSX.Element {
  const badge =
    state === 'Y' ? (
      <Badge color="teal" variant="light">
        On (Y)
      </Badge>
    ) : state === 'N' ? (
      <Badge color="orange" variant="light">
        Off (N)
      </Badge>
    ) : (
      <Badge color="gray" variant="light">
        Unknown
      </Badge>
    )
  return (
    <Stack gap={2} align="flex-start">
      {badge}
      {state === 'unknown' && module !== null && (
        <Text size="xs" c="dimmed">
          No value while {module} is not loaded
        </Text>
      )}
    </Stack>
  )
}

function Fact({ label, children }: { label: string; children: ReactNode }): JSX.Element {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <div>{children}</div>
    </Stack>
  )
}

/** Nested virtualization as it is now on the host: live value, what sets it at boot, the bootloader, running VMs. */
export function NestedStatusCard({
  status,
  onRefresh,
  refreshing,
}: {
  status: NestedStatus
  onRefresh(): void
  refreshing: boolean
}): JSX.Element {
  const vendor =
    status.vendor === 'intel' ? 'Intel (VT-x)' : status.vendor === 'amd' ? 'AMD (AMD-V)' : 'Not Intel or AMD'
  const lasting = status.persistent.filter((source) => source.kind !== 'kernel-cmdline')
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="nested-state-title">
      <Group justify="space-between" mb="sm">
        <Title order={3} size="h4" id="nested-state-title">
          Current state
        </Title>
        <Button size="xs" variant="default" onClick={onRefresh} loading={refreshing}>
          Read the state again
        </Button>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="md">
        <Fact label="Processor">
          <Text size="sm" fw={500}>
            {vendor}
          </Text>
          {status.module !== null && (
            <Text size="xs" c="dimmed">
              {status.module}: {status.moduleLoaded ? 'loaded' : 'not loaded'}
            </Text>
          )}
        </Fact>
        <Fact label="Nested now">
          <NestedBadge state={status.nestedNow} module={status.module} />
        </Fact>
        <Fact label="At every boot">
          <Text size="sm" fw={500}>
            {status.persistentEnabled === null
              ? 'Not set'
              : status.persistentEnabled
                ? 'On (persistent)'
                : 'Off (persistent)'}
          </Text>
        </Fact>
        <Fact label="Bootloader">
          <Text size="sm" fw={500}>
            {status.bootloader === null ? 'Unknown' : BOOTLOADER[status.bootloader.kind]}
          </Text>
        </Fact>
      </SimpleGrid>
      {status.persistent.length > 0 && (
        <List size="sm" mt="sm" spacing={2} aria-label="Where nested is set">
          {status.persistent.map((source, index) => (
            <List.Item key={index}>
              <Code>{source.line === undefined ? source.path : `${source.path}:${source.line}`}</Code>{' '}
              {source.text} — {source.enabled ? 'on' : 'off'}
              {source.kind === 'kernel-cmdline' && ' (this boot)'}
            </List.Item>
          ))}
        </List>
      )}
      {lasting.length === 0 && status.nestedNow === 'Y' && (
        <Text size="sm" mt="sm">
          Nesting is on now but nothing keeps it on: it may be off again after a reboot.
        </Text>
      )}
      <Text size="sm" mt="sm">
        Running VMs:{' '}
        {status.runningVms === null
          ? `could not be listed (${status.runningVmsError ?? 'unknown reason'})`
          : status.runningVms.length === 0
            ? 'none'
            : status.runningVms.join(', ')}
      </Text>
      {status.vendorProblem !== undefined && (
        <Alert color="gray" mt="sm" title="Nested KVM needs an Intel or AMD processor">
          {status.vendorProblem}
        </Alert>
      )}
      {status.otherKvmModules.length > 0 && (
        <Alert color="blue" mt="sm" title={`KVM here comes from ${status.otherKvmModules.join(', ')}`}>
          That module has no nested setting of its own. The settings below are for{' '}
          {status.module ?? 'the Intel or AMD KVM module'}, which this host does not use now.
        </Alert>
      )}
    </Card>
  )
}
