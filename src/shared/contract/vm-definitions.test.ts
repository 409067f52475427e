import { describe, expect, expectTypeOf, it } from 'vitest'
import type { DomainSummary } from '../vms.js'
import type { RestorePreview } from '../xml-restore.js'
import type { OutputOf } from '../contract.js'
import { contract } from '../contract.js'
import { vmDefinitionsChannels } from './vm-definitions.js'

/** The vm-definitions channels pinned, one test per channel (see ../contract.test.ts). */

const PINNED = new Set<string>()
function pin(channel: keyof typeof vmDefinitionsChannels): void {
  PINNED.add(channel)
}

describe('the vm-definitions channels, one at a time', () => {
  it('vms.restorePreview', () => {
    pin('vms.restorePreview')
    expectTypeOf<OutputOf<'vms.restorePreview'>>().toEqualTypeOf<RestorePreview>()
    expect(contract['vms.restorePreview'].streaming).toBe(false)
  })
  it('vms.rename', () => {
    pin('vms.rename')
    expectTypeOf<OutputOf<'vms.rename'>>().toEqualTypeOf<DomainSummary>()
    expect(contract['vms.rename'].streaming).toBe(false)
  })

  it('every vm-definitions channel is pinned above', () => {
    expect([...PINNED].sort()).toEqual(Object.keys(vmDefinitionsChannels).sort())
  })
})
