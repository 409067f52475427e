import { mkdir, rm, symlink } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { inputFixture, listingLinks, writeInputTree } from './input-tree.js'
import { CAPTURES, capturedDevices, writePciTree } from './pci-tree.js'
import { DEFAULT_TOOLS, TempRootHost } from './temp-root-host.js'

/**
 * A machine for the passthrough flow: a TEMP-ROOT host whose /sys and /proc are built from the
 * CAPTURED intel-z370-gt1030 tree (GT 1030 + its audio to pass through; the UHD 630 iGPU drives the
 * host's screen), with this machine's pci.ids for names and a Debian-like GRUB + initramfs-tools
 * /etc, and a /dev/input/by-id from a real listing. update-grub and update-initramfs are recording stand-ins. virsh runs for real: the temp
 * root's /tmp is the real /tmp, so the files libvirt's connection writes there reach virsh.
 */

export const PT_GPU = '0000:01:00.0'
export const PT_AUDIO = '0000:01:00.1'
export const PT_GRUB = '/etc/default/grub'
export const PT_MODULES = '/etc/initramfs-tools/modules'
export const PT_VFIO = '/etc/modprobe.d/vfio.conf'
export const PT_GRUB_TEXT =
  'GRUB_DEFAULT=0\nGRUB_TIMEOUT=5\nGRUB_CMDLINE_LINUX_DEFAULT="quiet splash"\nGRUB_CMDLINE_LINUX=""\n'
export const PT_MODULES_TEXT =
  '# List of modules that you want to include in your initramfs.\n# Examples:\n# raid1\n'

export async function passthroughMachine(id: string): Promise<TempRootHost> {
  const machine = await TempRootHost.create({
    id,
    tools: [...DEFAULT_TOOLS, 'mktemp', 'id', 'readlink', 'find'],
  })
  const spec = CAPTURES['intel-z370-gt1030']
  await writePciTree(machine.root, capturedDevices(spec), { ...spec, pciIds: '/usr/share/misc/pci.ids' })
  await machine.put('/proc/sys/kernel/random/boot_id', 'boot-1\n')
  // The keyboards and mice of a CAPTURED /dev/input/by-id (openrazer#2592), for evdev.
  await writeInputTree(machine.root, listingLinks(inputFixture('openrazer-2592-logitech-receiver-razer.txt')))
  await machine.put(PT_GRUB, PT_GRUB_TEXT)
  await machine.put(PT_MODULES, PT_MODULES_TEXT)
  await machine.put('/usr/sbin/update-grub', '')
  await mkdir(machine.mapPath('/etc/modprobe.d'), { recursive: true })
  await mkdir(machine.mapPath('/etc/tmpfiles.d'), { recursive: true })
  await machine.addStandIn('update-grub')
  await machine.addStandIn('update-initramfs')
  // The readers see the tree at its real path and virsh reads libvirt's temp files: both through /tmp.
  await symlink('/tmp', join(machine.root, 'tmp'))
  if (!machine.root.startsWith('/tmp/')) {
    await mkdir(join(machine.root, dirname(machine.root)), { recursive: true })
    await symlink(machine.root, join(machine.root, machine.root))
  }
  return machine
}

/** What the kernel shows after booting with the change: new boot id, the parameters, the card on vfio-pci. */
export async function passthroughReboot(machine: TempRootHost): Promise<void> {
  await machine.put('/proc/sys/kernel/random/boot_id', 'boot-2\n')
  await machine.put(
    '/proc/cmdline',
    'BOOT_IMAGE=/vmlinuz root=/dev/sda2 ro quiet splash intel_iommu=on iommu=pt\n',
  )
  await mkdir(join(machine.root, 'sys/bus/pci/drivers/vfio-pci'), { recursive: true })
  for (const address of [PT_GPU, PT_AUDIO]) {
    const link = join(machine.root, `sys/devices/pci0000:00/${address}/driver`)
    await rm(link, { force: true })
    await symlink(join(machine.root, 'sys/bus/pci/drivers/vfio-pci'), link)
  }
}
