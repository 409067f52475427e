import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { LocalHost } from '../src/main/host/local-host.js'
import { buildHostPlan } from '../src/main/passthrough/host-plan.js'
import { readPciInventory } from '../src/main/passthrough/inventory.js'
import { gatherPlanInput } from '../src/main/passthrough/plan-facts.js'
import { judgePassthrough } from '../src/main/passthrough/viability.js'
import { hostFixturesDir } from './support/fixtures.js'
import type { CaptureName, PciTree } from './support/pci-tree.js'
import { buildCapturedTree, CAPTURES } from './support/pci-tree.js'

/**
 * The host plan for every GPU of every captured tree, with /etc from real captures: Intel trees
 * get Proxmox's /etc/default/grub (+ update-grub) and Debian's initramfs-tools modules; AMD trees
 * get an Arch systemd-boot entry and the stock mkinitcpio.conf. The facts are read from the tree by
 * the real probe script; the plan is then "applied" to the tree and planned again: nothing left.
 */

const host = new LocalHost()
const trees: PciTree[] = []
afterAll(async () => {
  await Promise.all(trees.map((t) => t.dispose()))
})

async function copyFixture(root: string, fixture: string, path: string): Promise<void> {
  await mkdir(dirname(join(root, path)), { recursive: true })
  await copyFile(join(hostFixturesDir, fixture), join(root, path))
}

async function withEtc(name: CaptureName): Promise<PciTree> {
  const tree = await buildCapturedTree(name)
  trees.push(tree)
  if (CAPTURES[name].cpu === 'intel') {
    await copyFixture(tree.root, 'grub/proxmox-intel-iommu-etc-default-grub.txt', '/etc/default/grub')
    await copyFixture(
      tree.root,
      'initramfs/debian12-initramfs-tools-core-modules-template.txt',
      '/etc/initramfs-tools/modules',
    )
    await mkdir(join(tree.root, 'usr/sbin'), { recursive: true })
    await writeFile(join(tree.root, 'usr/sbin/update-grub'), '')
  } else {
    await copyFixture(
      tree.root,
      'bootloader/arch-systemd-boot-entry-archinstall-commented-options-intel-iommu.txt',
      '/boot/loader/entries/arch.conf',
    )
    await copyFixture(tree.root, 'initramfs/arch-mkinitcpio-conf-stock-v39.2.txt', '/etc/mkinitcpio.conf')
  }
  return tree
}

describe('captured tree host plans for every GPU', () => {
  it.each(Object.keys(CAPTURES) as CaptureName[])(
    'captured tree %s: plans carry the judgement, then apply to nothing more',
    async (name) => {
      const tree = await withEtc(name)
      const inventory = await readPciInventory(host, tree.root)
      const report = judgePassthrough('local', inventory)
      expect(report.gpus.length).toBeGreaterThan(0)
      for (const gpu of report.gpus) {
        const input = await gatherPlanInput(host, tree.root, inventory, gpu)
        expect(input.initramfs).toBe(CAPTURES[name].cpu === 'intel' ? 'initramfs-tools' : 'mkinitcpio')
        expect(input.bootloader).toBe(CAPTURES[name].cpu === 'intel' ? 'grub' : 'systemd-boot')
        const plan = buildHostPlan(input)
        // Display path and storage blockers always reach the plan.
        for (const blocker of gpu.blockers.filter((b) => !b.startsWith('The IOMMU is off')))
          expect(plan.blockers).toContain(blocker)
        if (gpu.hostDisplay.bootVga)
          expect(plan.blockers.some((b) => b.startsWith('The host displays on this card'))).toBe(true)
        expect(plan.ids).toEqual([...new Set(gpu.functions.map((f) => `${f.vendorId}:${f.deviceId}`))])
        expect(plan.kernelParams.add.includes('intel_iommu=on')).toBe(CAPTURES[name].cpu === 'intel')
        const vfio = plan.files.find((f) => f.path === '/etc/modprobe.d/vfio.conf')
        expect(vfio?.after).toContain(`options vfio-pci ids=${plan.ids.join(',')}`)

        // Apply the files to a copy of the tree's /etc, plan again: nothing to do.
        for (const file of plan.files) {
          await mkdir(dirname(join(tree.root, file.path)), { recursive: true })
          await writeFile(join(tree.root, file.path), file.after)
        }
        const again = buildHostPlan(await gatherPlanInput(host, tree.root, inventory, gpu))
        expect(again.files).toEqual([])
        // Put the original files back for the next GPU of this tree.
        for (const file of plan.files) {
          if (file.before === null) await rm(join(tree.root, file.path))
          else await writeFile(join(tree.root, file.path), file.before)
        }
      }
    },
  )
})
