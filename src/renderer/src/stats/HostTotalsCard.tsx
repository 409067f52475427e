import { Card, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import type { JSX } from 'react'
import { useEffect, useState } from 'react'
import type { HostView } from '@shared/hosts.js'
import type { StatsRound } from '@shared/stats.js'
import { subscribe } from '../api/virtdeck'
import type { ChartLine } from './TimeChart'
import { TimeChart } from './TimeChart'
import { useStatsSeries, useStatsWatch } from './useStats'
import { formatValue } from './units'

const CPU: readonly ChartLine[] = [{ metric: 'cpuPercent', label: 'Host CPU', color: '#228be6' }]
const MEMORY: readonly ChartLine[] = [
  { metric: 'memUsedBytes', label: 'Used', color: '#40c057' },
  { metric: 'memTotalBytes', label: 'Total', color: '#868e96' },
]

function useLatestRound(hostId: string): StatsRound | undefined {
  const [round, setRound] = useState<StatsRound | undefined>(undefined)
  useEffect(
    () =>
      subscribe('stats.sample', (e) => {
        if (e.hostId === hostId) setRound(e.round)
      }),
    [hostId],
  )
  return round
}

/** The host's CPU and memory over the last hour, and what its running VMs use together. */
export function HostTotalsCard({ host }: { host: HostView }): JSX.Element {
  // An SSH host is sampled only while connected: looking at its Overview must not open the link.
  const enabled = host.kind === 'local' || host.state.status === 'connected'
  useStatsWatch(host.id, enabled)
  const own = useStatsSeries(host.id, { host: 'own' }, 'hour')
  const round = useLatestRound(host.id)
  const vms = round?.host.vms
  const headingId = `totals-${host.id}`
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby={headingId}>
      <Title order={3} size="h5" mb="sm" id={headingId}>
        Performance
      </Title>
      {!enabled ? (
        <Text size="sm" c="dimmed">
          Connect to {host.name} to see its CPU, memory and what its VMs use.
        </Text>
      ) : (
        <Stack gap="md">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
            <TimeChart
              title="CPU"
              lines={CPU}
              unit="percent"
              max={100}
              height={110}
              series={own.series}
              version={own.version}
            />
            <TimeChart
              title="Memory"
              lines={MEMORY}
              unit="bytes"
              height={110}
              series={own.series}
              version={own.version}
            />
          </SimpleGrid>
          <Text size="sm" aria-live="off">
            {round === undefined
              ? 'Waiting for the first sample…'
              : `${round.host.runningVms} running VM${round.host.runningVms === 1 ? '' : 's'}: ` +
                `CPU ${formatValue(vms?.cpuPercent, 'percent')} of the host, ` +
                `memory ${formatValue(vms?.memUsedBytes, 'bytes')}, ` +
                `disk ${formatValue(vms?.diskReadBps, 'bytesPerSecond')} read / ${formatValue(vms?.diskWriteBps, 'bytesPerSecond')} written, ` +
                `network ${formatValue(vms?.netRxBps, 'bytesPerSecond')} in / ${formatValue(vms?.netTxBps, 'bytesPerSecond')} out`}
          </Text>
        </Stack>
      )}
    </Card>
  )
}
