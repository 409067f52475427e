import { existsSync } from 'node:fs'
import { mkdir, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { LocalHost } from '../src/main/host/local-host.js'
import { readPciInventory } from '../src/main/passthrough/inventory.js'
import { verifyAfterReboot } from '../src/main/passthrough/verify.js'
import { judgePassthrough } from '../src/main/passthrough/viability.js'
import type { GpuReport, PassthroughReport } from '@shared/passthrough.js'
import type { CaptureName, PciTree } from './support/pci-tree.js'
import { buildCapturedTree, CAPTURES } from './support/pci-tree.js'
import { hostileArgs } from './support/hostile-args.js'

/**
 * Inventory and viability on sysfs trees built from every real capture in
 * test/fixtures/hosts/iommu-groups and lspci-nnk (no GPU or IOMMU exists on these machines), read
 * by the real dump script with the real sh, names from the real pci.ids database.
 */

const PCI_IDS = '/usr/share/misc/pci.ids'
const host = new LocalHost()
const trees: PciTree[] = []
afterAll(async () => {
  await Promise.all(trees.map((t) => t.dispose()))
})

async function judged(name: CaptureName, extra = {}): Promise<PassthroughReport> {
  if (!existsSync(PCI_IDS))
    throw new Error(`${PCI_IDS} is missing: install the pci.ids package (scripts/testbed.sh does)`)
  const tree = await buildCapturedTree(name, { pciIds: PCI_IDS, ...extra })
  trees.push(tree)
  return judgePassthrough('local', await readPciInventory(host, tree.root))
}

function gpu(report: PassthroughReport, address: string): GpuReport {
  const found = report.gpus.find((g) => g.address === address)
  if (found === undefined)
    throw new Error(`no GPU ${address} in ${report.gpus.map((g) => g.address).join(', ')}`)
  return found
}

describe('captured tree: every capture reads back as captured', () => {
  it.each(Object.keys(CAPTURES) as CaptureName[])(
    'captured tree %s: devices, groups, drivers',
    async (name) => {
      const tree = await buildCapturedTree(name)
      trees.push(tree)
      const inventory = await readPciInventory(host, tree.root)
      expect(inventory.devices.map((d) => d.address)).toEqual(tree.devices.map((d) => d.address))
      for (const captured of tree.devices) {
        const device = inventory.devices.find((d) => d.address === captured.address)
        expect(device?.vendorId).toBe(captured.vendorId)
        expect(device?.deviceId).toBe(captured.deviceId)
        expect(device?.classCode.slice(0, 4)).toBe(captured.classCode.slice(0, 4))
        expect(device?.iommuGroup).toBe(captured.group)
        expect(device?.driver).toBe(captured.driver)
      }
      // No pci.ids in the tree: ids and built-in class words are shown.
      expect(inventory.pciIdsPath).toBeNull()
      expect(inventory.devices.every((d) => d.deviceName === undefined && d.className !== '')).toBe(true)
    },
  )
})

describe('captured tree viability and host display path', () => {
  it('captured tree amd-b550: RX 6950 XT viable (VGA and audio in own groups); host RX 550 blocked by chipset SATA, USB, NIC', async () => {
    const report = await judged('amd-b550-rx6950xt')
    const big = gpu(report, '0000:08:00.0')
    expect(big.label).toBe('AMD/ATI Navi 21 [Radeon RX 6950 XT]')
    expect(big.viability).toBe('viable')
    expect(big.functions.map((f) => f.address)).toEqual(['0000:08:00.0', '0000:08:00.1'])
    expect(big.groups.map((g) => g.id)).toEqual([18, 19])
    expect(big.blockers).toEqual([])
    const small = gpu(report, '0000:04:00.0')
    expect(small.viability).toBe('blocked')
    expect(small.blockers[0]).toMatch(
      /^IOMMU group 15 also holds your USB controller \(.*02:00\.0\), SATA controller \(.*02:00\.1\) and Ethernet controller \(.*RTL8125.*05:00\.0\)/,
    )
    expect(
      small.blockers.some((b) => b.startsWith("The group holds the host's storage: SATA controller")),
    ).toBe(true)
    expect(small.blockers.some((b) => b.startsWith('The host displays on this card'))).toBe(true)
    expect(small.options.some((o) => o.includes('pcie_acs_override') && o.includes('peer-to-peer DMA'))).toBe(
      true,
    )
    expect(small.options.some((o) => o.startsWith('Move the card to another slot'))).toBe(true)
    const bridges = small.groups[0]?.members.filter((m) => m.role === 'bridge').map((m) => m.address)
    expect(bridges).toEqual(['0000:02:00.2', '0000:03:00.0', '0000:03:08.0'])
  })

  it('captured tree intel-z170: GTX 960 shares group 1 only with the root port, so it is viable; the iGPU is the host display', async () => {
    const report = await judged('intel-z170-gtx960')
    const card = gpu(report, '0000:01:00.0')
    expect(card.viability).toBe('viable')
    expect(card.groups[0]?.members.map((m) => [m.address, m.role])).toEqual([
      ['0000:00:01.0', 'bridge'],
      ['0000:01:00.0', 'gpu-function'],
      ['0000:01:00.1', 'gpu-function'],
    ])
    expect(card.blockers).toEqual([])
    expect(gpu(report, '0000:00:02.0').hostDisplay.bootVga).toBe(true)
  })

  it('captured tree intel-z370: GT 1030 with no driver bound, with its root port, viable; UHD 630 on i915 with a connected screen', async () => {
    const report = await judged('intel-z370-gt1030')
    const card = gpu(report, '0000:01:00.0')
    expect(card.viability).toBe('viable')
    expect(card.driver).toBeUndefined()
    expect(card.functions[1]?.driver).toBe('snd_hda_intel')
    const igpu = gpu(report, '0000:00:02.0')
    expect(igpu.hostDisplay).toEqual({
      bootVga: true,
      connectedOutputs: ['card0-HDMI-A-1'],
      displayDriver: 'i915',
    })
  })

  it('captured tree amd-x570: RX 570 already on vfio-pci and isolated; GT 710 drives the host screen', async () => {
    const report = await judged('amd-x570-rx570-gt710')
    const rx = gpu(report, '0000:2d:00.0')
    expect(rx.boundToVfio).toBe(true)
    expect(rx.viability).toBe('viable')
    expect(rx.blockers).toEqual([])
    const gt = gpu(report, '0000:24:00.0')
    expect(gt.hostDisplay.connectedOutputs).toEqual(['card0-HDMI-A-1'])
    expect(gt.blockers.at(-1)).toMatch(
      /a screen is connected to card0-HDMI-A-1 and the nvidia driver drives it/,
    )
  })

  it('captured tree intel-adl: RX 6700 XT behind a Navi switch (VGA and audio in groups 21, 22) viable but on screen; RX 560 on vfio-pci', async () => {
    const report = await judged('intel-adl-rx6700xt-rx560')
    const rx6700 = gpu(report, '0000:03:00.0')
    expect(rx6700.viability).toBe('viable')
    expect(rx6700.groups.map((g) => g.id)).toEqual([21, 22])
    expect(rx6700.blockers).toHaveLength(1)
    expect(rx6700.blockers[0]).toMatch(/a screen is connected to card1-DP-1 and the amdgpu driver drives it/)
    expect(gpu(report, '0000:04:00.0').boundToVfio).toBe(true)
  })

  it('captured tree intel-b85 (single GPU): GTX 1060 isolated but the only GPU, on the host display', async () => {
    const report = await judged('intel-b85-gtx1060')
    const card = gpu(report, '0000:01:00.0')
    expect(card.viability).toBe('viable')
    expect(card.warnings.some((w) => w.startsWith('This is the only GPU'))).toBe(true)
    expect(card.blockers.some((b) => b.includes('boot_vga'))).toBe(true)
  })

  it('captured tree amd-b550 ACS override: every function alone, and a note that the groups are not real isolation', async () => {
    const report = await judged('amd-b550-cezanne-acs')
    expect(report.notes.some((n) => n.includes('pcie_acs_override'))).toBe(true)
    expect(report.gpus).toHaveLength(1)
    expect(report.gpus[0]?.groups.map((g) => g.id)).toEqual([14, 15, 16, 17, 18, 19])
  })

  it('captured tree amd-b450m: RX 580 alone in group 8 viable; the Raven APU drives the host', async () => {
    const report = await judged('amd-b450m-rx580-apu')
    expect(gpu(report, '0000:10:00.0').viability).toBe('viable')
    expect(gpu(report, '0000:38:00.0').hostDisplay.bootVga).toBe(true)
  })

  it('captured tree intel-b560 (r15ch13 format): Navi 33 VGA and audio in groups 12 and 13, reset marker read', async () => {
    const report = await judged('intel-b560-rx7600')
    const card = gpu(report, '0000:03:00.0')
    expect(card.groups.map((g) => g.id)).toEqual([12, 13])
    expect(card.viability).toBe('viable')
  })

  it('captured tree intel-z370 iGPU only: the only GPU, single-GPU warning', async () => {
    const report = await judged('intel-z370-igpu-only')
    expect(report.gpus.map((g) => g.address)).toEqual(['0000:00:02.0'])
    expect(report.gpus[0]?.warnings[0]).toMatch(/only GPU/)
  })

  it('captured tree hp-laptop: no IOMMU groups captured → no-iommu with what to turn on', async () => {
    const report = await judged('hp-laptop-gtx1650')
    expect(report.iommuEnabled).toBe(false)
    const card = gpu(report, '0000:01:00.0')
    expect(card.viability).toBe('no-iommu')
    expect(card.blockers[0]).toMatch(/IOMMU is off.*VT-d/)
    expect(card.label).toBe('NVIDIA TU117M [GeForce GTX 1650 Mobile / Max-Q]')
  })

  it('captured tree rtx3080: RTX 3080 + audio on nvidia/snd_hda_intel, two functions', async () => {
    const report = await judged('rtx3080-nvidia')
    const card = gpu(report, '0000:3e:00.0')
    expect(card.functions.map((f) => [f.address, f.driver])).toEqual([
      ['0000:3e:00.0', 'nvidia'],
      ['0000:3e:00.1', 'snd_hda_intel'],
    ])
  })

  it('captured tree intel-arc-a310: the audio function on the next bus (same subsystem ids) counts as a function of the card', async () => {
    const report = await judged('intel-arc-a310')
    expect(gpu(report, '0000:03:00.0').functions.map((f) => f.address)).toEqual([
      '0000:03:00.0',
      '0000:04:00.0',
    ])
  })
})

describe('captured tree with a hostile layout', () => {
  it('captured tree intel-b85 plus hostile entries: names with quotes, $(…), ; and newlines never reach a shell and are skipped', async () => {
    const tree = await buildCapturedTree('intel-b85-gtx1060')
    trees.push(tree)
    const { args, pwnedPath: marker } = hostileArgs('pci-tree')
    for (const [i, bad] of args.entries()) {
      const name = `${bad.replaceAll('/', '_')}-${i}`
      await mkdir(join(tree.root, 'sys/devices/evil', name), { recursive: true })
      await writeFile(join(tree.root, 'sys/devices/evil', name, 'class'), `$(touch ${marker})\n`)
      await symlink(
        join(tree.root, 'sys/devices/evil', name),
        join(tree.root, 'sys/bus/pci/devices', name),
      ).catch(() => undefined)
    }
    // A value with shell syntax inside a real device's file is data, nothing more.
    await writeFile(
      join(tree.root, 'sys/devices/pci0000:00/0000:01:00.0/numa_node'),
      `$(touch ${marker}); \`id\`\n`,
    )
    const inventory = await readPciInventory(host, tree.root)
    expect(inventory.devices.map((d) => d.address)).toEqual(tree.devices.map((d) => d.address))
    expect(inventory.devices.find((d) => d.address === '0000:01:00.0')?.numaNode).toBeUndefined()
    expect(existsSync(marker)).toBe(false)
  })

  it('a root folder whose name holds shell syntax is passed as an argument, not spliced into the script', async () => {
    const tree = await buildCapturedTree('intel-b85-gtx1060')
    trees.push(tree)
    const odd = join(tree.root, `odd $(touch x); 'q' "d" \n \`id\``)
    await mkdir(odd)
    const { writePciTree, capturedDevices } = await import('./support/pci-tree.js')
    await writePciTree(odd, capturedDevices(CAPTURES['intel-b85-gtx1060']), CAPTURES['intel-b85-gtx1060'])
    const inventory = await readPciInventory(host, odd)
    expect(inventory.devices).toHaveLength(14)
    expect(existsSync(join(process.cwd(), 'x'))).toBe(false)
  })
})

describe('captured tree verification after the reboot', () => {
  it('captured tree intel-z370 before the change: GT 1030 not on vfio-pci, parameters missing; the iGPU shows the picture', async () => {
    const tree = await buildCapturedTree('intel-z370-gt1030')
    trees.push(tree)
    const points = verifyAfterReboot(await readPciInventory(host, tree.root), '0000:01:00.0', [
      'intel_iommu=on',
      'iommu=pt',
    ])
    expect(points.map((p) => [p.id, p.pass])).toEqual([
      ['iommu', true],
      ['params', false],
      ['vfio', false],
      ['host-display', true],
    ])
    expect(points[2]?.evidence).toBe(
      '0000:01:00.0: no driver, 0000:01:00.1: snd_hda_intel — the GPU driver loaded before vfio-pci (check the softdep lines and the initramfs)',
    )
    expect(points[3]?.evidence).toBe('0000:00:02.0 on i915 (card0-HDMI-A-1 connected)')
  })

  it('captured tree intel-z370 "after the reboot" (both functions on vfio-pci, parameters on the command line): every point passes', async () => {
    const tree = await buildCapturedTree('intel-z370-gt1030', {
      drivers: { '0000:01:00.0': 'vfio-pci', '0000:01:00.1': 'vfio-pci' },
      cmdline: 'BOOT_IMAGE=/vmlinuz root=/dev/nvme0n1p2 ro intel_iommu=on iommu=pt',
    })
    trees.push(tree)
    const points = verifyAfterReboot(await readPciInventory(host, tree.root), '0000:01:00.0', [
      'intel_iommu=on',
      'iommu=pt',
    ])
    expect(points.every((p) => p.pass)).toBe(true)
  })

  it('captured tree intel-b85 (single GPU) after binding it: the host display point fails and says why', async () => {
    const tree = await buildCapturedTree('intel-b85-gtx1060', {
      drivers: { '0000:01:00.0': 'vfio-pci', '0000:01:00.1': 'vfio-pci' },
    })
    trees.push(tree)
    const points = verifyAfterReboot(await readPciInventory(host, tree.root), '0000:01:00.0', [])
    expect(points.find((p) => p.id === 'host-display')).toMatchObject({
      pass: false,
      evidence: 'no other GPU: the host has no display while the card is bound to vfio-pci',
    })
  })
})
