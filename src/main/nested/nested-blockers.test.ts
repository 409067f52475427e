/**
 * Fault 7 of issue 9: plans that cannot work must not be appliable. Guest side: host-passthrough on a
 * type='qemu' (TCG) domain, which QEMU refuses to start. Host side: a kvm_pvm host (KVM through PVM,
 * the recorded tree of an EPYC cloud guest), where the vendor module's nested option changes nothing.
 */
import { describe, expect, it } from 'vitest'
import { FixtureHost, hostTree } from '../../../test/support/fixture-host.js'
import { setCpuHostPassthrough } from './cpu-passthrough.js'
import { buildNestedPlan } from './plan.js'

const domain = (type: string): string =>
  `<domain type='${type}'>\n  <name>g</name>\n  <memory unit='KiB'>65536</memory>\n  <os>\n    <type arch='x86_64'>hvm</type>\n  </os>\n  <devices/>\n</domain>\n`

describe('guest CPU plan blockers', () => {
  it("blocks host-passthrough on a type='qemu' domain", () => {
    const edit = setCpuHostPassthrough(domain('qemu'))
    expect(edit.blockers).toHaveLength(1)
    expect(edit.blockers[0]).toMatch(/type='qemu'.*QEMU refuses to start/)
  })

  it("has none for a type='kvm' domain", () => {
    expect(setCpuHostPassthrough(domain('kvm')).blockers).toEqual([])
  })
})

describe('host nested plans on a kvm_pvm host (recorded tree)', () => {
  it.each(['modprobe', 'grub'] as const)('blocks the %s method: VMs there run on kvm_pvm', async (method) => {
    const host = new FixtureHost(hostTree('epyc-kvm-guest-pvm-kvm-works'))
    const plan = await buildNestedPlan(host, { method, vendor: 'amd' })
    expect(plan.blockers.join('\n')).toMatch(/kvm_pvm/)
  })
})
