import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseCpuinfo } from '../src/main/checks/parsers/cpuinfo.js'
import { parseLscpu } from '../src/main/checks/parsers/lscpu.js'
import { isAppError } from '@shared/errors.js'
import { FixtureHost, hostTree, recordingName } from './support/fixture-host.js'
import { hostFixture } from './support/fixtures.js'

const TREES = readdirSync(hostTree('.'))
  .filter((name) => statSync(hostTree(name)).isDirectory())
  .sort()

describe('FixtureHost (a fake host backed by a fixture folder)', () => {
  const host = new FixtureHost(hostTree('intel-baremetal-nested-off'))

  it('maps /x to <tree>/x and rejects NOT_FOUND for a missing file', async () => {
    expect((await host.readFile('/sys/module/kvm_intel/parameters/nested')).toString()).toBe('N\n')
    await expect(host.readFile('/proc/nope')).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(host.readFile('/../../../etc/passwd')).rejects.toSatisfy(
      (error: unknown) => isAppError(error) && error.code !== 'INTERNAL',
    )
  })

  it('answers commands from recordings, longest argument prefix first, with exit code and stderr', async () => {
    expect(await host.exec('virsh', ['--version'])).toEqual({ stdout: '9.0.0\n', stderr: '', code: 0 })
    expect((await host.exec('systemd-detect-virt', ['--vm'])).code).toBe(1)
    const probe = await host.exec('qemu-system-x86_64', ['-accel', 'kvm', '-machine', 'none'])
    expect(probe.stdout).toContain('"enabled": true')
    const dmesg = await host.exec('dmesg', [])
    expect(dmesg).toMatchObject({
      code: 1,
      stderr: 'dmesg: read kernel buffer failed: Operation not permitted\n',
    })
  })

  it('rejects COMMAND_NOT_FOUND without a recording, as a host without the program would', async () => {
    await expect(host.exec('lscpu', [])).rejects.toMatchObject({ code: 'COMMAND_NOT_FOUND' })
    expect(host.calls).toContain('lscpu')
  })

  it('lists tree folders for `ls -1A -- DIR`', async () => {
    expect((await host.exec('ls', ['-1A', '--', '/sys/module'])).stdout).toBe(
      'irqbypass\nkvm\nkvm_intel\ntap\nvhost\nvhost_net\n',
    )
    expect(await host.exec('ls', ['-1A', '--', '/etc/modprobe.d'])).toMatchObject({ code: 2, stdout: '' })
  })

  it('names recordings readably', () => {
    expect(recordingName('virsh', ['-c', 'qemu:///system', 'domcapabilities'])).toBe(
      'virsh -c qemu:___system domcapabilities',
    )
    expect(recordingName('/usr/libexec/qemu-kvm', ['--version'])).toBe('qemu-kvm --version')
  })
})

describe('fixture trees are built from the real fixtures', () => {
  it.each(TREES)('%s: every file SOURCES.md names as a copy is identical to its shared fixture', (name) => {
    const sources = readFileSync(join(hostTree(name), 'SOURCES.md'), 'utf8')
    const copies = [...sources.matchAll(/^- `([^`]+)` = `([^`/]+)\/([^`]+)`$/gm)]
    for (const [, file, folder, fixture] of copies) {
      expect(readFileSync(join(hostTree(name), file ?? ''), 'utf8'), `${name}/${file}`).toBe(
        hostFixture(folder ?? '', fixture ?? ''),
      )
    }
    if (name !== 'epyc-kvm-guest-pvm-kvm-works') expect(copies.length, name).toBeGreaterThan(0)
  })

  it.each(['intel-i5-10400f-vtx-disabled', 'aws-m5a-kvm-guest-no-nesting', 'azure-hyperv-guest-nested-vtx'])(
    '%s: proc/cpuinfo carries the flags of its lscpu recording',
    (name) => {
      const cpuinfo = parseCpuinfo(readFileSync(join(hostTree(name), 'proc/cpuinfo'), 'utf8'))
      const lscpu = parseLscpu(readFileSync(join(hostTree(name), 'commands/lscpu.txt'), 'utf8'))
      expect(cpuinfo.flags).toEqual(lscpu.flags)
      expect(cpuinfo.modelName).toBe(lscpu.modelName)
    },
  )

  it.each([
    ['amd-host-nested-on-iommu-on', 'amd-x570-msi-rx570-gt710-isolated-grouped.txt'],
    ['intel-proxmox-iommu-on-nested-on', 'intel-z170-igpu-gtx960-with-rootport.txt'],
  ])('%s: sys/kernel/iommu_groups has the groups of %s', (name, fixture) => {
    const wanted = [...hostFixture('iommu-groups', fixture).matchAll(/^IOMMU [Gg]roup (\d+)/gm)]
      .map((match) => match[1])
      .sort()
    const groups = readdirSync(join(hostTree(name), 'sys/kernel/iommu_groups'))
      .filter((entry) => /^\d+$/.test(entry))
      .sort()
    expect(groups).toEqual(wanted)
  })
})
