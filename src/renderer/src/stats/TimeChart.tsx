import { Box, Group, Stack, Text, useComputedColorScheme } from '@mantine/core'
import type { JSX } from 'react'
import { useEffect, useId, useRef } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import type { StatsMetric, StatsSeries } from '@shared/stats.js'
import { latest } from './useStats'
import type { Unit } from './units'
import { formatValue } from './units'

export interface ChartLine {
  metric: StatsMetric
  label: string
  color: string
}

interface Props {
  title: string
  series: StatsSeries
  /** Changes whenever the series was mutated. */
  version: number
  lines: readonly ChartLine[]
  unit: Unit
  /** Fixed top of the y axis (100 for percentages). */
  max?: number
  height?: number
}

const LEAST_TOP: Record<Unit, number> = {
  percent: 100,
  bytes: 1024 * 1024,
  bytesPerSecond: 1024,
  perSecond: 4,
}

function toData(series: StatsSeries, lines: readonly ChartLine[]): uPlot.AlignedData {
  return [series.at.map((t) => t / 1000), ...lines.map((l) => series.values[l.metric])]
}

/**
 * A time series drawn by uPlot on a canvas, with its current values as text beside it — what a screen
 * reader reads (the canvas is hidden from it) and what anyone sees at a glance.
 */
export function TimeChart({ title, series, version, lines, unit, max, height = 150 }: Props): JSX.Element {
  const box = useRef<HTMLDivElement>(null)
  const plot = useRef<uPlot | null>(null)
  const titleId = useId()
  const dark = useComputedColorScheme('light') === 'dark'

  useEffect(() => {
    const target = box.current
    if (target === null) return undefined
    const axisColor = dark ? '#c1c2c5' : '#495057'
    const gridColor = dark ? '#373a40' : '#e9ecef'
    const axis = { stroke: axisColor, grid: { stroke: gridColor, width: 1 }, ticks: { stroke: gridColor } }
    const opts: uPlot.Options = {
      width: Math.max(200, target.clientWidth),
      height,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: { time: true },
        // From 0, with a least top per unit so an idle VM's axis reads "0 B/s … 1 KiB/s", not "1 B/s" three times.
        y: { range: (_u, _min, dataMax) => [0, max ?? Math.max((dataMax || 0) * 1.1, LEAST_TOP[unit])] },
      },
      axes: [axis, { ...axis, size: 70, values: (_u, ticks) => ticks.map((v) => formatValue(v, unit)) }],
      series: [
        {},
        ...lines.map((l) => ({
          label: l.label,
          stroke: l.color,
          width: 1.5,
          spanGaps: false,
          points: { show: false },
        })),
      ],
    }
    const chart = new uPlot(opts, toData(series, lines), target)
    plot.current = chart
    const resize = new ResizeObserver(() =>
      chart.setSize({ width: Math.max(200, target.clientWidth), height }),
    )
    resize.observe(target)
    return () => {
      resize.disconnect()
      chart.destroy()
      plot.current = null
    }
    // Rebuilt when what is drawn changes; new points only call setData below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lines, unit, max, height, dark])

  useEffect(() => {
    plot.current?.setData(toData(series, lines))
  }, [series, version, lines])

  const now = lines.map((l) => `${l.label} ${formatValue(latest(series, l.metric), unit)}`).join(', ')
  return (
    <Stack gap={4} component="figure" m={0} aria-labelledby={titleId} data-points={series.at.length}>
      <Group justify="space-between" gap="xs">
        <Text fw={600} size="sm" id={titleId}>
          {title}
        </Text>
        <Group gap="sm">
          {lines.map((l) => (
            <Group gap={4} key={l.metric} wrap="nowrap">
              <Box w={10} h={10} bg={l.color} style={{ borderRadius: 2 }} aria-hidden />
              <Text size="xs" c="dimmed">
                {l.label}
              </Text>
            </Group>
          ))}
        </Group>
      </Group>
      <Box ref={box} aria-hidden w="100%" />
      <Text component="figcaption" size="xs" c="dimmed" aria-live="off">
        {series.at.length === 0 ? 'No data yet' : `Now: ${now}`}
      </Text>
    </Stack>
  )
}
