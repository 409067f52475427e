import { describe, expect, it } from 'vitest'
import { actionOptions, NO_FILTERS, toQuery } from './activityFilters'

describe('activity filters', () => {
  it('turns the fields into one page of the audit query', () => {
    const now = Date.parse('2026-12-06T12:34:56Z')
    expect(toQuery(NO_FILTERS, 1, 50, now)).toEqual({ limit: 50, offset: 0 })
    expect(
      toQuery(
        { hostId: 'local', target: 'vm', action: 'domain.', outcome: 'failed', period: '1h', text: ' x ' },
        3,
        25,
        now,
      ),
    ).toEqual({
      limit: 25,
      offset: 50,
      hostId: 'local',
      target: 'vm',
      action: 'domain.',
      outcome: 'failed',
      since: '2026-12-06T11:34:00.000Z',
      text: 'x',
    })
  })
  it('offers action families first', () => {
    expect(actionOptions(['pool.start', 'domain.start', 'domain.rename']).map((o) => o.value)).toEqual([
      'domain.',
      'pool.',
      'domain.rename',
      'domain.start',
      'pool.start',
    ])
  })
})
