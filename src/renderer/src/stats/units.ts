import { formatBytes } from '@shared/format.js'

export type Unit = 'percent' | 'bytes' | 'bytesPerSecond' | 'perSecond'

/** A value in its unit, for axes and the text summaries. */
export function formatValue(value: number | undefined, unit: Unit): string {
  if (value === undefined) return '—'
  switch (unit) {
    case 'percent':
      return `${value < 10 ? value.toFixed(1) : Math.round(value)} %`
    case 'bytes':
      return formatBytes(value)
    case 'bytesPerSecond':
      return `${formatBytes(value)}/s`
    case 'perSecond':
      return `${value < 10 ? value.toFixed(1) : Math.round(value)}/s`
  }
}
