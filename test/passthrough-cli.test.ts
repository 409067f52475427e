import { mkdtempSync } from 'node:fs'
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HostPassthroughPlan, PassthroughReport } from '@shared/passthrough.js'
import { runVirtdeck } from './support/cli.js'
import { hostFixturesDir } from './support/fixtures.js'
import type { PciTree } from './support/pci-tree.js'
import { buildCapturedTree } from './support/pci-tree.js'

/**
 * `virtdeck passthrough devices|plan --root` as child processes on captured trees: the Z370 board
 * (UHD 630 + GT 1030) with its /etc from real captures (Proxmox GRUB file, Debian initramfs-tools
 * modules), and the B550 board whose host GPU shares a group with the chipset SATA controller.
 */

const dataDir = mkdtempSync(join(tmpdir(), 'virtdeck-cli-pt-'))
let z370: PciTree
let b550: PciTree
beforeAll(async () => {
  z370 = await buildCapturedTree('intel-z370-gt1030', { pciIds: '/usr/share/misc/pci.ids' })
  await mkdir(join(z370.root, 'etc/default'), { recursive: true })
  await mkdir(join(z370.root, 'etc/initramfs-tools'), { recursive: true })
  await mkdir(join(z370.root, 'usr/sbin'), { recursive: true })
  await copyFile(
    join(hostFixturesDir, 'grub/proxmox-intel-iommu-etc-default-grub.txt'),
    join(z370.root, 'etc/default/grub'),
  )
  await copyFile(
    join(hostFixturesDir, 'initramfs/debian12-initramfs-tools-core-modules-template.txt'),
    join(z370.root, 'etc/initramfs-tools/modules'),
  )
  await writeFile(join(z370.root, 'usr/sbin/update-grub'), '')
  b550 = await buildCapturedTree('amd-b550-rx6950xt')
})
afterAll(async () => {
  await Promise.all([z370.dispose(), b550.dispose(), rm(dataDir, { recursive: true, force: true })])
})

describe('virtdeck passthrough (child process, captured trees)', () => {
  it('captured tree intel-z370: devices --json lists both GPUs with groups and viability', async () => {
    const run = await runVirtdeck(['passthrough', 'devices', '--root', z370.root, '--json'], dataDir)
    expect(run.code, run.stderr).toBe(0)
    const report = JSON.parse(run.stdout) as PassthroughReport
    expect(report.iommuEnabled).toBe(true)
    expect(report.gpus.map((g) => [g.address, g.viability, g.groups.map((x) => x.id)])).toEqual([
      ['0000:00:02.0', 'viable', [0]],
      ['0000:01:00.0', 'viable', [2]],
    ])
    expect(report.gpus[1]?.label).toBe('NVIDIA GP108 [GeForce GT 1030]')
  })

  it('captured tree amd-b550: the text output names the blocking SATA controller', async () => {
    const run = await runVirtdeck(['passthrough', 'devices', '--root', b550.root], dataDir)
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toMatch(/04:00\.0 .*\[BLOCKED\]/)
    expect(run.stdout).toMatch(/BLOCKER: IOMMU group 15 also holds your USB controller .* SATA controller/)
    expect(run.stdout).toMatch(/08:00\.0 .*\[can be passed through\]/)
  })

  it('captured tree intel-z370: plan --gpu 01:00.0 prints params, the files, commands and the rescue note', async () => {
    const text = await runVirtdeck(['passthrough', 'plan', '--gpu', '01:00.0', '--root', z370.root], dataDir)
    expect(text.code, text.stderr).toBe(0)
    expect(text.stdout).toContain('Kernel parameters to add: intel_iommu=on iommu=pt')
    expect(text.stdout).toContain('+options vfio-pci ids=10de:1d01,10de:0fb8')
    expect(text.stdout).toContain('$ update-initramfs -u -k all')
    expect(text.stdout).toContain('If the screen stays black after the reboot:')
    const json = await runVirtdeck(
      ['passthrough', 'plan', '--gpu', '0000:01:00.0', '--root', z370.root, '--json'],
      dataDir,
    )
    const plan = JSON.parse(json.stdout) as HostPassthroughPlan
    expect(plan.blockers).toEqual([])
    expect(plan.files.map((f) => f.path)).toEqual([
      '/etc/default/grub',
      '/etc/modprobe.d/vfio.conf',
      '/etc/initramfs-tools/modules',
    ])
    expect(plan.commands.map((c) => c.file)).toEqual(['update-grub', 'update-initramfs'])
  })

  it('captured tree amd-b550: plan for the host RX 550 carries the display and storage blockers', async () => {
    const run = await runVirtdeck(
      ['passthrough', 'plan', '--gpu', '04:00.0', '--root', b550.root, '--json'],
      dataDir,
    )
    expect(run.code, run.stderr).toBe(0)
    const plan = JSON.parse(run.stdout) as HostPassthroughPlan
    expect(plan.blockers.some((b) => b.startsWith("The group holds the host's storage"))).toBe(true)
    expect(plan.blockers.some((b) => b.startsWith('The host displays on this card'))).toBe(true)
    expect(plan.kernelParams.add).toEqual(['iommu=pt'])
  })

  it('captured tree intel-z370: verify --gpu 01:00.0 reports each point and exits 1 while the card is not on vfio-pci', async () => {
    const run = await runVirtdeck(['passthrough', 'verify', '--gpu', '01:00.0', '--root', z370.root], dataDir)
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('PASS  IOMMU groups are present')
    expect(run.stdout).toContain('FAIL  Every function of the card is bound to vfio-pci')
    expect(run.stdout).toContain('PASS  The host shows its picture on another GPU')
  })

  it('refuses a malformed address (exit 2) and names the GPUs for an unknown one (exit 1)', async () => {
    const bad = await runVirtdeck(['passthrough', 'plan', '--gpu', '$(id)', '--root', z370.root], dataDir)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('is not a PCI address')
    const missing = await runVirtdeck(
      ['passthrough', 'plan', '--gpu', '07:00.0', '--root', z370.root],
      dataDir,
    )
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('No graphics card at 0000:07:00.0')
    expect(missing.stderr).toContain('Graphics cards: 00:02.0, 01:00.0')
  })
})
