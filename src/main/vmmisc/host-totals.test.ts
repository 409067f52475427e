import { describe, expect, it } from 'vitest'
import { parseHostTotals } from './host-totals.js'

describe('parseHostTotals', () => {
  it('reads MemTotal, MemAvailable, the load and the processors', () => {
    const text = [
      'MemTotal:       24000000 kB',
      'MemFree:         1000000 kB',
      'MemAvailable:   16000000 kB',
      '0.52 0.40 0.33 2/345 6789',
      'processor\t: 0',
      'model name\t: x',
      'processor\t: 1',
    ].join('\n')
    expect(parseHostTotals(text)).toEqual({
      cpus: 2,
      memoryKiB: 24000000,
      memoryUsedKiB: 8000000,
      load1: 0.52,
    })
  })
  it('falls back to MemFree and says nothing for output it does not understand', () => {
    expect(parseHostTotals('MemTotal: 100 kB\nMemFree: 40 kB\nprocessor : 0')).toMatchObject({
      memoryUsedKiB: 60,
      cpus: 1,
    })
    expect(parseHostTotals('hello')).toBeUndefined()
  })
})
