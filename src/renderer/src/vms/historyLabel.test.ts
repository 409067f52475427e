/** Fault 13 of issue 9: what each XML history entry says it holds. */
import { describe, expect, it } from 'vitest'
import { formatWhen } from '../ui/time'
import { historyLabel } from './historyLabel'

describe('XML history labels', () => {
  it('says an entry holds the definition from before the change it names', () => {
    // The entry saved by "memory 96 -> 128 MiB" holds the 96 MiB definition.
    expect(historyLabel('memory 96 -> 128 MiB')).toBe('Before: memory 96 -> 128 MiB')
  })

  it('shows the time of a restored definition in local time, like the list', () => {
    const iso = '2026-12-06T20:18:46.000Z'
    const label = historyLabel(`Before restoring the definition saved ${iso}`)
    expect(label).toBe(`Before restoring the definition saved ${formatWhen(iso)}`)
    expect(label).not.toContain(iso)
  })
})
