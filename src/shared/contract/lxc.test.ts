import { describe, expect, expectTypeOf, it } from 'vitest'
import type {
  LxcActionResult,
  LxcAvailability,
  LxcContainer,
  LxcServiceState,
  LxcTemplate,
} from '../containers.js'
import type { OutputOf } from '../contract.js'
import { contract } from '../contract.js'
import { lxcChannels } from './lxc.js'

/** The lxc channels pinned, one test per channel (see ../contract.test.ts). */

const PINNED = new Set<string>()
function pin(channel: keyof typeof lxcChannels): void {
  PINNED.add(channel)
}

describe('the lxc channels, one at a time', () => {
  it('lxc.status', () => {
    pin('lxc.status')
    expectTypeOf<OutputOf<'lxc.status'>>().toEqualTypeOf<LxcAvailability>()
    expect(contract['lxc.status'].streaming).toBe(false)
  })
  it('lxc.list', () => {
    pin('lxc.list')
    expectTypeOf<OutputOf<'lxc.list'>>().toEqualTypeOf<LxcContainer[]>()
    expect(contract['lxc.list'].streaming).toBe(false)
    // A summary asks for no password: the optional flag, nothing else.
    expect(contract['lxc.list'].input.safeParse({ hostId: 'h', nonInteractive: true }).success).toBe(true)
    expect(contract['lxc.list'].input.safeParse({ hostId: 'h', prompt: false }).success).toBe(false)
  })
  it('lxc.info', () => {
    pin('lxc.info')
    expectTypeOf<OutputOf<'lxc.info'>>().toEqualTypeOf<LxcContainer>()
    expect(contract['lxc.info'].streaming).toBe(false)
  })
  it('lxc.templates', () => {
    pin('lxc.templates')
    expectTypeOf<OutputOf<'lxc.templates'>>().toEqualTypeOf<LxcTemplate[]>()
    expect(contract['lxc.templates'].streaming).toBe(false)
  })
  it('lxc.action', () => {
    pin('lxc.action')
    expectTypeOf<OutputOf<'lxc.action'>>().toEqualTypeOf<LxcActionResult>()
    expect(contract['lxc.action'].streaming).toBe(false)
  })
  it('lxc.create', () => {
    pin('lxc.create')
    expectTypeOf<OutputOf<'lxc.create'>>().toEqualTypeOf<LxcContainer>()
    expect(contract['lxc.create'].streaming).toBe(true)
  })
  it('lxc.setLink', () => {
    pin('lxc.setLink')
    expectTypeOf<OutputOf<'lxc.setLink'>>().toEqualTypeOf<LxcContainer>()
    expect(contract['lxc.setLink'].streaming).toBe(false)
  })
  it('lxc.services', () => {
    pin('lxc.services')
    expectTypeOf<OutputOf<'lxc.services'>>().toEqualTypeOf<LxcServiceState[]>()
    expect(contract['lxc.services'].streaming).toBe(false)
  })
  it('lxc.startService', () => {
    pin('lxc.startService')
    expectTypeOf<OutputOf<'lxc.startService'>>().toEqualTypeOf<LxcServiceState>()
    expect(contract['lxc.startService'].streaming).toBe(true)
  })
  it('lxc.installPlan', () => {
    pin('lxc.installPlan')
    expectTypeOf<OutputOf<'lxc.installPlan'>>().toEqualTypeOf<{ commands: string[][] }>()
    expect(contract['lxc.installPlan'].streaming).toBe(false)
  })
  it('lxc.install', () => {
    pin('lxc.install')
    expectTypeOf<OutputOf<'lxc.install'>>().toEqualTypeOf<LxcAvailability>()
    expect(contract['lxc.install'].streaming).toBe(true)
  })

  it('every lxc channel is pinned above', () => {
    expect([...PINNED].sort()).toEqual(Object.keys(lxcChannels).sort())
  })
})
