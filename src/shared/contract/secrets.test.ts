import { describe, expect, expectTypeOf, it } from 'vitest'
import type { SecretStorageStatus } from '../security.js'
import type { OutputOf } from '../contract.js'
import { contract } from '../contract.js'
import { secretsChannels } from './secrets.js'

/** The secrets channels pinned, one test per channel (see ../contract.test.ts). */

const PINNED = new Set<string>()
function pin(channel: keyof typeof secretsChannels): void {
  PINNED.add(channel)
}

describe('the secrets channels, one at a time', () => {
  it('secrets.status', () => {
    pin('secrets.status')
    expectTypeOf<OutputOf<'secrets.status'>>().toEqualTypeOf<SecretStorageStatus>()
    expect(contract['secrets.status'].streaming).toBe(false)
  })

  it('every secrets channel is pinned above', () => {
    expect([...PINNED].sort()).toEqual(Object.keys(secretsChannels).sort())
  })
})
