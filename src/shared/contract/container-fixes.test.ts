import { describe, expect, expectTypeOf, it } from 'vitest'
import type { HostChangeRecord } from '../changes.js'
import type { DockerForwardPlan, DockerMtuPlan, LxcBridgePlan } from '../container-fixes.js'
import type { OutputOf } from '../contract.js'
import { contract } from '../contract.js'
import { containerFixesChannels } from './container-fixes.js'

/** The container-fixes channels pinned, one test per channel (see ../contract.test.ts). */

const PINNED = new Set<string>()
function pin(channel: keyof typeof containerFixesChannels): void {
  PINNED.add(channel)
}

describe('the container-fixes channels, one at a time', () => {
  it('docker.mtuPlan', () => {
    pin('docker.mtuPlan')
    expectTypeOf<OutputOf<'docker.mtuPlan'>>().toEqualTypeOf<DockerMtuPlan>()
    expect(contract['docker.mtuPlan'].streaming).toBe(false)
  })
  it('docker.mtuApply', () => {
    pin('docker.mtuApply')
    expectTypeOf<OutputOf<'docker.mtuApply'>>().toEqualTypeOf<HostChangeRecord>()
    expect(contract['docker.mtuApply'].streaming).toBe(true)
  })
  it('lxc.bridgePlan', () => {
    pin('lxc.bridgePlan')
    expectTypeOf<OutputOf<'lxc.bridgePlan'>>().toEqualTypeOf<LxcBridgePlan>()
    expect(contract['lxc.bridgePlan'].streaming).toBe(false)
  })
  it('lxc.bridgeApply', () => {
    pin('lxc.bridgeApply')
    expectTypeOf<OutputOf<'lxc.bridgeApply'>>().toEqualTypeOf<HostChangeRecord>()
    expect(contract['lxc.bridgeApply'].streaming).toBe(true)
  })
  it('docker.forwardPlan', () => {
    pin('docker.forwardPlan')
    expectTypeOf<OutputOf<'docker.forwardPlan'>>().toEqualTypeOf<DockerForwardPlan>()
    expect(contract['docker.forwardPlan'].streaming).toBe(false)
  })
  it('docker.forwardApply', () => {
    pin('docker.forwardApply')
    expectTypeOf<OutputOf<'docker.forwardApply'>>().toEqualTypeOf<HostChangeRecord>()
    expect(contract['docker.forwardApply'].streaming).toBe(true)
  })

  it('every container-fixes channel is pinned above', () => {
    expect([...PINNED].sort()).toEqual(Object.keys(containerFixesChannels).sort())
  })
})
