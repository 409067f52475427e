import { describe, expect, it } from 'vitest'
import { guestVerificationText, setCpuHostPassthrough } from './cpu-passthrough.js'

const DOMAIN = (cpu: string): string =>
  `<domain type='kvm'>\n  <name>g</name>\n  <memory unit='KiB'>1048576</memory>\n  <os>\n    <type arch='x86_64'>hvm</type>\n  </os>\n  <features>\n    <acpi/>\n  </features>\n${cpu}  <clock offset='utc'/>\n  <devices>\n    <!-- keep me -->\n  </devices>\n</domain>\n`

describe('host-passthrough CPU for a guest', () => {
  it('adds <cpu/> where libvirt puts it (before <clock>) when there is none', () => {
    const edit = setCpuHostPassthrough(DOMAIN(''))
    expect(edit.xml).toBe(DOMAIN("  <cpu mode='host-passthrough' check='none' migratable='on'/>\n"))
    expect(edit.changed).toBe(true)
  })

  it('keeps topology, features, comments; drops model/vendor/match and a policy hiding vmx', () => {
    const before = DOMAIN(
      [
        "  <cpu mode='custom' match='exact'>",
        "    <model fallback='allow'>Skylake-Client</model>",
        '    <vendor>Intel</vendor>',
        '    <!-- two cores -->',
        "    <topology sockets='1' dies='1' cores='2' threads='1'/>",
        "    <feature policy='disable' name='vmx'/>",
        "    <feature policy='require' name='invtsc'/>",
        '  </cpu>',
        '',
      ].join('\n'),
    )
    const edit = setCpuHostPassthrough(before)
    expect(edit.xml).toBe(
      DOMAIN(
        [
          "  <cpu mode='host-passthrough' check='none' migratable='on'>",
          '    <!-- two cores -->',
          "    <topology sockets='1' dies='1' cores='2' threads='1'/>",
          "    <feature policy='require' name='invtsc'/>",
          '  </cpu>',
          '',
        ].join('\n'),
      ),
    )
    expect(edit.notes).toEqual([
      'Removed match=, which only custom CPU models use.',
      'CPU mode custom → host-passthrough.',
      'Removed <model>, which host-passthrough does not use.',
      'Removed <vendor>, which host-passthrough does not use.',
      "Removed <feature policy='disable' name='vmx'/>: it would hide vmx from the guest.",
    ])
  })

  it('is idempotent', () => {
    const once = setCpuHostPassthrough(DOMAIN("  <cpu mode='host-model' check='partial'/>\n"))
    expect(once.xml).toBe(DOMAIN("  <cpu mode='host-passthrough' check='none' migratable='on'/>\n"))
    expect(setCpuHostPassthrough(once.xml)).toEqual({
      xml: once.xml,
      changed: false,
      notes: [],
      blockers: [],
    })
  })

  it("keeps the user's migratable='off' and says so; resets check= only when the mode changes", () => {
    const edit = setCpuHostPassthrough(
      DOMAIN("  <cpu mode='host-model' check='partial' migratable='off'/>\n"),
    )
    expect(edit.xml).toBe(DOMAIN("  <cpu mode='host-passthrough' check='none' migratable='off'/>\n"))
    expect(edit.notes).toEqual([
      'CPU mode host-model → host-passthrough.',
      "check='partial' → 'none': it compared the host-model CPU, which host-passthrough replaces.",
      "Kept migratable='off' as set.",
    ])
    const passthrough = DOMAIN("  <cpu mode='host-passthrough' check='partial' migratable='off'/>\n")
    expect(setCpuHostPassthrough(passthrough)).toMatchObject({ xml: passthrough, changed: false })
  })

  it('blocks a TCG domain (QEMU would refuse it)', () => {
    expect(setCpuHostPassthrough(DOMAIN('').replace("type='kvm'", "type='qemu'")).blockers[0]).toMatch(
      /needs KVM/,
    )
  })

  it('explains how to verify inside the guest', () => {
    const text = guestVerificationText()
    for (const command of ["grep -c -E 'vmx|svm' /proc/cpuinfo", 'virt-host-validate', 'virsh capabilities'])
      expect(text).toContain(command)
  })
})
