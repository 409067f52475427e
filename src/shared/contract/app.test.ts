import { describe, expect, expectTypeOf, it } from 'vitest'
import type { AuditEntry, Settings } from '../settings.js'
import type { OutputOf } from '../contract.js'
import { contract } from '../contract.js'
import { appChannels } from './app.js'

/** The app channels pinned, one test per channel (see ../contract.test.ts). */

const PINNED = new Set<string>()
function pin(channel: keyof typeof appChannels): void {
  PINNED.add(channel)
}

describe('the app channels, one at a time', () => {
  it('settings.get', () => {
    pin('settings.get')
    expectTypeOf<OutputOf<'settings.get'>>().toEqualTypeOf<Settings>()
    expect(contract['settings.get'].streaming).toBe(false)
  })
  it('settings.update', () => {
    pin('settings.update')
    expectTypeOf<OutputOf<'settings.update'>>().toEqualTypeOf<Settings>()
    expect(contract['settings.update'].streaming).toBe(false)
  })
  it('audit.list', () => {
    pin('audit.list')
    expectTypeOf<OutputOf<'audit.list'>>().toEqualTypeOf<AuditEntry[]>()
    expect(contract['audit.list'].streaming).toBe(false)
  })
  it('prompts.answer', () => {
    pin('prompts.answer')
    expectTypeOf<OutputOf<'prompts.answer'>>().toEqualTypeOf<{ answered: boolean }>()
    expect(contract['prompts.answer'].streaming).toBe(false)
  })

  it('every app channel is pinned above', () => {
    expect([...PINNED].sort()).toEqual(Object.keys(appChannels).sort())
  })
})
