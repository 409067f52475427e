import { closeSync, constants, openSync, readFileSync, statSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { runDoctor } from '../src/main/checks/doctor.js'
import { toMarkdown } from '../src/main/checks/report-format.js'
import { LocalHost } from '../src/main/host/local-host.js'

/** Whether this process can open /dev/kvm read-write, as QEMU would: what the doctor must find out by itself. */
function kvmOpensHere(): { usable: boolean; why: string } {
  try {
    if (!statSync('/dev/kvm').isCharacterDevice())
      return { usable: false, why: '/dev/kvm is not a character device' }
    closeSync(openSync('/dev/kvm', constants.O_RDWR))
    return { usable: true, why: '/dev/kvm opens read-write' }
  } catch (error) {
    return { usable: false, why: error instanceof Error ? error.message : String(error) }
  }
}

const cpuFlags = ((): string[] => {
  const line = readFileSync('/proc/cpuinfo', 'utf8')
    .split('\n')
    .find((text) => text.startsWith('flags'))
  return line?.split(':')[1]?.trim().split(/\s+/) ?? []
})()

describe('the doctor on this machine, through the real LocalHost', () => {
  const kvm = kvmOpensHere()

  it(`tells the truth about KVM here (${kvm.why})`, async () => {
    if (!kvm.usable && process.env.CI !== undefined) {
      throw new Error(
        `CI runners are expected to have a usable /dev/kvm, but ${kvm.why}. Give it the usual permissions (chown root:kvm /dev/kvm; chmod 0660 /dev/kvm) before the tests.`,
      )
    }
    const report = await runDoctor(new LocalHost({ id: 'this-machine' }))
    const markdown = toMarkdown(report)
    expect(report.durationMs, markdown).toBeLessThan(10_000)
    expect(report.hostId).toBe('this-machine')

    if (!kvm.usable) {
      // No KVM for this process: the doctor must not claim otherwise.
      expect(report.kvm.usable, markdown).not.toBe(true)
      expect(report.verdict.level, markdown).not.toBe('ready')
      return
    }

    expect(report.kvm.usable, markdown).toBe(true)
    expect(
      ['Ready for KVM', 'KVM works, nested off', 'KVM works, but libvirt cannot use it'],
      markdown,
    ).toContain(report.verdict.headline)
    expect(['pass', 'warn'], markdown).toContain(
      report.checks.find((check) => check.id === 'kvm-probe')?.status,
    )
    expect(report.checks.find((check) => check.id === 'kvm-device')?.status, markdown).not.toBe('fail')

    const flagShown = cpuFlags.includes('vmx') || cpuFlags.includes('svm')
    if (!flagShown) {
      // The case of these machines: a guest whose outer hypervisor hides vmx/svm, yet KVM works.
      const disagree = report.verdict.signalsDisagree
      expect(disagree, markdown).toBeDefined()
      expect(disagree?.trusted, markdown).toMatch(/KVM probe|libvirt/)
      expect(
        disagree?.signals.some((signal) => /^CPU flags .*: no (Intel VT-x|AMD-V|VT-x\/AMD-V)/.test(signal)),
        markdown,
      ).toBe(true)
      expect(report.checks.find((check) => check.id === 'cpu-virtualization')?.status, markdown).toBe('info')
      if (cpuFlags.includes('hypervisor'))
        expect(report.verdict.explanation, markdown).toContain('hidden by the outer hypervisor')
      const validate = report.checks.find(
        (check) => check.id === 'virt-host-validate:qemu:hardware-virtualization',
      )
      if (validate !== undefined && /^(FAIL|WARN)/.test(validate.summary)) {
        expect(validate.status, markdown).toBe('info')
        expect(validate.summary, markdown).toContain('false alarm')
        expect(report.verdict.explanation, markdown).toContain('false alarm')
      }
    }
  }, 30_000)
})
