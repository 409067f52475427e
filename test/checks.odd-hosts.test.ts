import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runDoctor } from '../src/main/checks/doctor.js'
import type { CheckResult, DoctorReport } from '@shared/checks.js'
import { FixtureHost, hostTree } from './support/fixture-host.js'

function check(report: DoctorReport, id: string): CheckResult {
  const found = report.checks.find((result) => result.id === id)
  if (found === undefined)
    throw new Error(`no check ${id} in ${report.checks.map((result) => result.id).join(', ')}`)
  return found
}

async function doctor(tree: string): Promise<DoctorReport> {
  return runDoctor(new FixtureHost(tree), { now: () => new Date('2026-01-02T03:04:05Z') })
}

const temps: string[] = []
/** A writable copy of a tree, to vary one thing. */
function copyTree(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `virtdeck-tree-${name}-`))
  temps.push(dir)
  cpSync(hostTree(name), dir, { recursive: true })
  return dir
}
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true })
})

describe('the doctor when things are missing or odd', () => {
  it('an empty host: every check unknown or says what is missing, nothing thrown', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'virtdeck-empty-host-'))
    temps.push(empty)
    const report = await doctor(empty)
    expect(report.verdict).toMatchObject({ level: 'degraded', headline: 'Could not tell whether KVM works' })
    expect(report.kvm.usable).toBeUndefined()
    expect(check(report, 'cpu-virtualization')).toMatchObject({
      status: 'unknown',
      summary: 'Could not read the CPU flags: tried /proc/cpuinfo and lscpu.',
    })
    expect(
      check(report, 'cpu-virtualization')
        .evidence.map((e) => e.text)
        .join('\n'),
    ).toMatch(/could not read: \/proc\/cpuinfo: No such file[\s\S]*not installed/)
    expect(check(report, 'kvm-probe').status).toBe('unknown')
    expect(check(report, 'virt-host-validate').status).toBe('unknown')
    expect(check(report, 'qemu-version').summary).toBe(
      'QEMU is not installed (tried qemu-system-x86_64, /usr/libexec/qemu-kvm, qemu-kvm).',
    )
    for (const result of report.checks)
      expect(['unknown', 'info', 'warn'], result.id).toContain(result.status)
  })

  it('a QEMU probe that hangs times out without deciding anything', async () => {
    const tree = copyTree('intel-baremetal-nested-off')
    writeFileSync(join(tree, 'commands/qemu-system-x86_64 -accel kvm.code'), 'TIMEOUT\n')
    rmSync(join(tree, 'commands/virsh -c qemu:___system domcapabilities --virttype kvm.txt'))
    const report = await doctor(tree)
    expect(report.kvm.usable).toBeUndefined()
    expect(report.verdict).toMatchObject({ level: 'degraded', headline: 'KVM device ready, not tested' })
    expect(check(report, 'kvm-probe').summary).toContain('QEMU did not answer within 5 s')
  })

  it('QEMU runs KVM but libvirt refuses it (root-only /dev/kvm): degraded, with the permissions fix', async () => {
    const tree = copyTree('epyc-kvm-guest-pvm-kvm-works')
    const virsh = join(tree, 'commands/virsh -c qemu:___system domcapabilities --virttype kvm')
    writeFileSync(`${virsh}.txt`, '')
    writeFileSync(
      `${virsh}.stderr`,
      readFileSync(
        join(
          hostTree('intel-i5-10400f-vtx-disabled'),
          'commands/virsh -c qemu:___system domcapabilities --virttype kvm.stderr',
        ),
      ),
    )
    writeFileSync(`${virsh}.code`, '1\n')
    writeFileSync(
      join(tree, 'commands/ls -lLd _dev_kvm.txt'),
      'crw------- 1 root root 10, 232 Nov 19 22:42 /dev/kvm\n',
    )
    const report = await doctor(tree)
    expect(report.verdict).toMatchObject({
      level: 'degraded',
      headline: 'KVM works, but libvirt cannot use it',
    })
    expect(report.verdict.signalsDisagree?.trusted).toBe('KVM probe (QEMU -accel kvm)')
    expect(check(report, 'kvm-probe').status).toBe('warn')
    expect(check(report, 'kvm-device')).toMatchObject({ status: 'warn' })
    expect(check(report, 'kvm-device').fix?.commands).toContain('sudo chmod 0660 /dev/kvm')
  })

  it("RHEL's /usr/libexec/qemu-kvm is probed when there is no qemu-system-x86_64", async () => {
    const tree = copyTree('intel-baremetal-nested-off')
    for (const name of ['qemu-system-x86_64 -accel kvm', 'qemu-system-x86_64 --version']) {
      const text = readFileSync(join(tree, `commands/${name}.txt`), 'utf8')
      rmSync(join(tree, `commands/${name}.txt`))
      writeFileSync(join(tree, `commands/${name.replace('qemu-system-x86_64', 'qemu-kvm')}.txt`), text)
    }
    const report = await doctor(tree)
    expect(report.kvm.usable).toBe(true)
    expect(
      check(report, 'kvm-probe')
        .evidence.map((e) => e.source)
        .join('\n'),
    ).toContain('$ /usr/libexec/qemu-kvm -accel kvm')
    expect(check(report, 'qemu-version').summary).toBe('QEMU 7.2.22 (/usr/libexec/qemu-kvm).')
  })

  it('a QEMU that fails for a reason other than KVM decides nothing', async () => {
    const tree = copyTree('intel-baremetal-nested-off')
    writeFileSync(join(tree, 'commands/qemu-system-x86_64 -accel kvm.txt'), '')
    writeFileSync(
      join(tree, 'commands/qemu-system-x86_64 -accel kvm.stderr'),
      'qemu-system-x86_64: -no-user-config: invalid option\n',
    )
    writeFileSync(join(tree, 'commands/qemu-system-x86_64 -accel kvm.code'), '1\n')
    const report = await doctor(tree)
    expect(report.kvm.usable).toBe(true) // libvirt still proves it
    expect(check(report, 'kvm-probe').summary).not.toContain('invalid option')
    expect(report.verdict.signalsDisagree).toBeUndefined()
  })

  it('a user outside the kvm group: KVM present but not accessible, fix says which group', async () => {
    const tree = copyTree('intel-baremetal-nested-off')
    writeFileSync(join(tree, 'commands/sh -c.code'), '2\n')
    writeFileSync(join(tree, 'commands/sh -c.stderr'), 'sh: 1: cannot create /dev/kvm: Permission denied\n')
    writeFileSync(join(tree, 'commands/qemu-system-x86_64 -accel kvm.txt'), '')
    writeFileSync(
      join(tree, 'commands/qemu-system-x86_64 -accel kvm.stderr'),
      'Could not access KVM kernel module: Permission denied\nqemu-system-x86_64: -accel kvm: failed to initialize kvm: Permission denied\n',
    )
    writeFileSync(join(tree, 'commands/qemu-system-x86_64 -accel kvm.code'), '1\n')
    rmSync(join(tree, 'commands/virsh -c qemu:___system domcapabilities --virttype kvm.txt'))
    const report = await doctor(tree)
    expect(report.verdict).toMatchObject({
      level: 'degraded',
      headline: 'KVM present, but not accessible to alice',
    })
    expect(check(report, 'kvm-device').fix?.commands).toEqual(['sudo usermod -aG kvm alice'])
  })

  it('the kernel log saying "disabled by BIOS" beats a vmx flag an old kernel still shows', async () => {
    const tree = copyTree('intel-baremetal-nested-off')
    writeFileSync(join(tree, 'commands/dmesg.txt'), '[    1.234567] kvm: disabled by bios\n')
    writeFileSync(join(tree, 'proc/modules'), '')
    for (const module of ['kvm', 'kvm_intel']) rmSync(join(tree, 'sys/module', module), { recursive: true })
    rmSync(join(tree, 'commands/dmesg.code'))
    rmSync(join(tree, 'commands/dmesg.stderr'))
    writeFileSync(join(tree, 'commands/ls -lLd _dev_kvm.txt'), '')
    writeFileSync(
      join(tree, 'commands/ls -lLd _dev_kvm.stderr'),
      "ls: cannot access '/dev/kvm': No such file or directory\n",
    )
    writeFileSync(join(tree, 'commands/ls -lLd _dev_kvm.code'), '2\n')
    for (const ext of ['txt', 'stderr', 'code']) {
      const file = join(
        hostTree('intel-i5-10400f-vtx-disabled'),
        `commands/qemu-system-x86_64 -accel kvm.${ext}`,
      )
      writeFileSync(join(tree, `commands/qemu-system-x86_64 -accel kvm.${ext}`), readFileSync(file))
    }
    rmSync(join(tree, 'commands/virsh -c qemu:___system domcapabilities --virttype kvm.txt'))
    const report = await doctor(tree)
    expect(report.verdict.headline).toBe(
      'No hardware virtualization: Intel VT-x (vmx) is disabled in the firmware setup',
    )
    expect(report.verdict.signalsDisagree?.signals).toContain(
      'kernel log: [    1.234567] kvm: disabled by bios',
    )
    expect(check(report, 'kvm-modules').evidence.map((e) => e.text)).toContain(
      '[    1.234567] kvm: disabled by bios',
    )
    expect(check(report, 'firmware-virtualization')).toMatchObject({
      status: 'fail',
      summary: 'The kernel reports Intel VT-x (vmx) disabled by the firmware.',
    })
  })
})
