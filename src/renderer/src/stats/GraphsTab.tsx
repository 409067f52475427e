import { Alert, SegmentedControl, SimpleGrid, Stack, Text } from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import type { StatsRange } from '@shared/stats.js'
import type { ChartLine } from './TimeChart'
import { TimeChart } from './TimeChart'
import { useStatsSeries, useStatsWatch } from './useStats'

const CPU: readonly ChartLine[] = [{ metric: 'cpuPercent', label: 'CPU', color: '#228be6' }]
const MEMORY: readonly ChartLine[] = [
  { metric: 'memUsedBytes', label: 'Used', color: '#40c057' },
  { metric: 'memTotalBytes', label: 'Available', color: '#868e96' },
]
const DISK: readonly ChartLine[] = [
  { metric: 'diskReadBps', label: 'Read', color: '#15aabf' },
  { metric: 'diskWriteBps', label: 'Write', color: '#fd7e14' },
]
const IOPS: readonly ChartLine[] = [
  { metric: 'diskReadIops', label: 'Read', color: '#15aabf' },
  { metric: 'diskWriteIops', label: 'Write', color: '#fd7e14' },
]
const NET: readonly ChartLine[] = [
  { metric: 'netRxBps', label: 'Received', color: '#7950f2' },
  { metric: 'netTxBps', label: 'Sent', color: '#e64980' },
]

interface Props {
  hostId: string
  name: string
  running: boolean
}

/** A VM's CPU, memory, disk and network over the last hour (per second) or day (per minute). */
export function GraphsTab({ hostId, name, running }: Props): JSX.Element {
  const [range, setRange] = useState<StatsRange>('hour')
  useStatsWatch(hostId)
  const live = useStatsSeries(hostId, { vm: name }, range)
  const common = { series: live.series, version: live.version }
  return (
    <Stack gap="md">
      <SegmentedControl
        w="fit-content"
        aria-label="Time range"
        value={range}
        onChange={(v) => setRange(v === 'day' ? 'day' : 'hour')}
        data={[
          { value: 'hour', label: 'Last hour' },
          { value: 'day', label: 'Last day' },
        ]}
      />
      {!running && (
        <Text size="sm" c="dimmed">
          {name} is not running: the graphs show what was recorded while it ran (kept while VirtDeck is open).
        </Text>
      )}
      {live.error !== undefined && (
        <Alert color="red" title="Could not read the history">
          {live.error}
        </Alert>
      )}
      {range === 'day' && live.series.at.length === 0 && !live.loading && (
        <Text size="sm" c="dimmed">
          The day view shows one point per minute: the first appears a minute after sampling starts.
        </Text>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <TimeChart title="CPU" lines={CPU} unit="percent" max={100} {...common} />
        <TimeChart title="Memory" lines={MEMORY} unit="bytes" {...common} />
        <TimeChart title="Disk throughput" lines={DISK} unit="bytesPerSecond" {...common} />
        <TimeChart title="Disk operations" lines={IOPS} unit="perSecond" {...common} />
        <TimeChart title="Network" lines={NET} unit="bytesPerSecond" {...common} />
      </SimpleGrid>
    </Stack>
  )
}
