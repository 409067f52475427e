import { describe, expect, expectTypeOf, it } from 'vitest'
import type {
  HostConnectionState,
  HostTestReport,
  HostUpdateResult,
  HostView,
  SshConfigEntry,
} from '../hosts.js'
import type { OutputOf } from '../contract.js'
import { contract } from '../contract.js'
import { hostsChannels } from './hosts.js'

/** The hosts channels pinned, one test per channel (see ../contract.test.ts). */

const PINNED = new Set<string>()
function pin(channel: keyof typeof hostsChannels): void {
  PINNED.add(channel)
}

describe('the hosts channels, one at a time', () => {
  it('hosts.list', () => {
    pin('hosts.list')
    expectTypeOf<OutputOf<'hosts.list'>>().toEqualTypeOf<HostView[]>()
    expect(contract['hosts.list'].streaming).toBe(false)
  })
  it('hosts.get', () => {
    pin('hosts.get')
    expectTypeOf<OutputOf<'hosts.get'>>().toEqualTypeOf<HostView>()
    expect(contract['hosts.get'].streaming).toBe(false)
  })
  it('hosts.add', () => {
    pin('hosts.add')
    expectTypeOf<OutputOf<'hosts.add'>>().toEqualTypeOf<HostView>()
    expect(contract['hosts.add'].streaming).toBe(false)
  })
  it('hosts.update', () => {
    pin('hosts.update')
    expectTypeOf<OutputOf<'hosts.update'>>().toEqualTypeOf<HostUpdateResult>()
    expect(contract['hosts.update'].streaming).toBe(false)
  })
  it('hosts.remove', () => {
    pin('hosts.remove')
    expectTypeOf<OutputOf<'hosts.remove'>>().toEqualTypeOf<{ removed: true }>()
    expect(contract['hosts.remove'].streaming).toBe(false)
  })
  it('hosts.connect', () => {
    pin('hosts.connect')
    expectTypeOf<OutputOf<'hosts.connect'>>().toEqualTypeOf<HostConnectionState>()
    expect(contract['hosts.connect'].streaming).toBe(false)
  })
  it('hosts.disconnect', () => {
    pin('hosts.disconnect')
    expectTypeOf<OutputOf<'hosts.disconnect'>>().toEqualTypeOf<HostConnectionState>()
    expect(contract['hosts.disconnect'].streaming).toBe(false)
  })
  it('hosts.test', () => {
    pin('hosts.test')
    expectTypeOf<OutputOf<'hosts.test'>>().toEqualTypeOf<HostTestReport>()
    expect(contract['hosts.test'].streaming).toBe(true)
  })
  it('hosts.testDraft', () => {
    pin('hosts.testDraft')
    expectTypeOf<OutputOf<'hosts.testDraft'>>().toEqualTypeOf<HostTestReport>()
    expect(contract['hosts.testDraft'].streaming).toBe(true)
  })
  it('hosts.acceptKey', () => {
    pin('hosts.acceptKey')
    expectTypeOf<OutputOf<'hosts.acceptKey'>>().toEqualTypeOf<{ accepted: true }>()
    expect(contract['hosts.acceptKey'].streaming).toBe(false)
  })
  it('hosts.forgetKey', () => {
    pin('hosts.forgetKey')
    expectTypeOf<OutputOf<'hosts.forgetKey'>>().toEqualTypeOf<{ forgotten: number }>()
    expect(contract['hosts.forgetKey'].streaming).toBe(false)
  })
  it('hosts.sshConfig', () => {
    pin('hosts.sshConfig')
    expectTypeOf<OutputOf<'hosts.sshConfig'>>().toEqualTypeOf<SshConfigEntry[]>()
    expect(contract['hosts.sshConfig'].streaming).toBe(false)
  })

  it('every hosts channel is pinned above', () => {
    expect([...PINNED].sort()).toEqual(Object.keys(hostsChannels).sort())
  })
})
