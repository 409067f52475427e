import { describe, expect, expectTypeOf, it } from 'vitest'
import type { AuditFacets, AuditPage } from '../audit.js'
import type { OutputOf } from '../contract.js'
import { contract } from '../contract.js'
import { auditChannels } from './audit.js'

/** The audit channels pinned, one test per channel (see ../contract.test.ts). */

const PINNED = new Set<string>()
function pin(channel: keyof typeof auditChannels): void {
  PINNED.add(channel)
}

describe('the audit channels, one at a time', () => {
  it('audit.query', () => {
    pin('audit.query')
    expectTypeOf<OutputOf<'audit.query'>>().toEqualTypeOf<AuditPage>()
    expect(contract['audit.query'].streaming).toBe(false)
  })
  it('audit.facets', () => {
    pin('audit.facets')
    expectTypeOf<OutputOf<'audit.facets'>>().toEqualTypeOf<AuditFacets>()
    expect(contract['audit.facets'].streaming).toBe(false)
  })

  it('every audit channel is pinned above', () => {
    expect([...PINNED].sort()).toEqual(Object.keys(auditChannels).sort())
  })
})
