import { copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import type { CapturedDevice } from './pci-capture.js'
import { mergeCaptures, parseIommuGroups, parseLspciNnk } from './pci-capture.js'
import { hostFixture } from './fixtures.js'

/**
 * Builds a sysfs-like tree ("/" of a machine) from a real capture, with the files the passthrough
 * reader reads, laid out as the kernel does: devices under sys/devices/pci0000:00/, the
 * sys/bus/pci/devices/* symlinks to them, `driver` links into sys/bus/pci/drivers/, `iommu_group`
 * links into sys/kernel/iommu_groups/, DRM cards and connectors under sys/class/drm/, disks under
 * sys/block/. What a capture does not say (which GPU the firmware booted on, the DRM connectors,
 * disks, the kernel command line) comes from the capture's entry in CAPTURES and is marked there
 * as derived; nothing else is invented.
 */

export interface TreeSpec {
  /** File names in test/fixtures/hosts/iommu-groups and lspci-nnk. */
  groups?: string
  lspci?: string[]
  cpu: 'intel' | 'amd'
  /** The GPU whose boot_vga is 1. */
  bootVga?: string
  /** DRM connectors: card → its GPU address and connectors with their status. */
  drm?: { card: string; address: string; connectors: Record<string, 'connected' | 'disconnected'> }[]
  /** Disks and the controller they hang off. */
  disks?: Record<string, string>
  cmdline?: string
  kernel?: string
  /** Copy this pci.ids into usr/share/misc (the real database when installed). */
  pciIds?: string
  /** Extra driver bindings (address → driver), e.g. to simulate vfio-pci after a reboot. */
  drivers?: Record<string, string>
}

export interface PciTree {
  root: string
  devices: CapturedDevice[]
  dispose(): Promise<void>
}

/** Every capture, with what is derived for it and why. */
export const CAPTURES = {
  /** RX 580 alone in group 8 (audio not listed); chipset SATA/USB/NIC share group 9. The Raven APU drives the host (derived: the poster passes the RX 580). */
  'amd-b450m-rx580-apu': {
    groups: 'amd-b450m-mortar-rx580-raven-apu.txt',
    cpu: 'amd',
    bootVga: '0000:38:00.0',
  },
  /** RX 6950 XT VGA and audio in their own groups; the host RX 550 shares group 15 with SATA, USB, NIC (derived: the RX 550 is the boot GPU, the poster says it is the host card). */
  'amd-b550-rx6950xt': {
    groups: 'amd-b550-aorus-rx6950xt-isolated-rx550-in-chipset-group.txt',
    cpu: 'amd',
    bootVga: '0000:04:00.0',
    disks: { nvme0n1: '0000:01:00.0' },
  },
  /** ACS override (pcie_acs_override=downstream,multifunction): every function alone; the Cezanne APU is the only GPU. */
  'amd-b550-cezanne-acs': {
    groups: 'amd-b550-itx-cezanne-acs-override.txt',
    cpu: 'amd',
    bootVga: '0000:05:00.0',
    cmdline: 'BOOT_IMAGE=/vmlinuz root=/dev/nvme0n1p2 pcie_acs_override=downstream,multifunction',
  },
  /** RX 570 on vfio-pci, GT 710 on nvidia drives the host (lspci -nnk of the same machine). */
  'amd-x570-rx570-gt710': {
    groups: 'amd-x570-msi-rx570-gt710-isolated-grouped.txt',
    lspci: ['amd-x570-msi-rx570-vfio-gt710-nvidia.txt'],
    cpu: 'amd',
    bootVga: '0000:24:00.0',
    drm: [
      {
        card: 'card0',
        address: '0000:24:00.0',
        connectors: { 'HDMI-A-1': 'connected', 'DVI-D-1': 'disconnected' },
      },
    ],
    disks: { nvme0n1: '0000:01:00.0', sda: '0000:2b:00.0' },
    cmdline: 'BOOT_IMAGE=/vmlinuz-5.4.0 root=/dev/nvme0n1p2 ro vfio-pci.ids=1002:67df,1002:aaf0',
  },
  /** RX 6700 XT on amdgpu behind a Navi switch, RX 560 on vfio-pci (group 23), host on the i915 iGPU. */
  'intel-adl-rx6700xt-rx560': {
    groups: 'intel-adl-asus-rx6700xt-host-rx560-vfio-grouped.txt',
    lspci: ['intel-adl-asus-rx6700xt-amdgpu-rx560-vfio.txt'],
    cpu: 'intel',
    bootVga: '0000:00:02.0',
    drm: [
      { card: 'card0', address: '0000:00:02.0', connectors: { 'HDMI-A-1': 'connected' } },
      { card: 'card1', address: '0000:03:00.0', connectors: { 'DP-1': 'connected', 'DP-2': 'disconnected' } },
    ],
  },
  /** Navi 33 (RX 7600 class) behind a Navi switch, VGA and audio in separate groups; the only GPU (derived). */
  'intel-b560-rx7600': {
    groups: 'intel-b560-rx7600-r15ch13-gist-format-with-usb.txt',
    cpu: 'intel',
    bootVga: '0000:03:00.0',
  },
  /** GTX 1060 + audio alone in group 9; the only GPU in the machine (a single-GPU passthrough guide). */
  'intel-b85-gtx1060': { groups: 'intel-b85-gtx1060-isolated.txt', cpu: 'intel', bootVga: '0000:01:00.0' },
  /** GTX 960 + audio share group 1 with the CPU's root port; HD 530 iGPU drives the host. */
  'intel-z170-gtx960': {
    groups: 'intel-z170-igpu-gtx960-with-rootport.txt',
    cpu: 'intel',
    bootVga: '0000:00:02.0',
  },
  /** GT 1030 + audio with the root port (group 2), no driver bound on the GT 1030; UHD 630 drives the host. */
  'intel-z370-gt1030': {
    groups: 'intel-z370-asrock-igpu-gt1030-with-rootport.txt',
    lspci: ['intel-z370-asrock-gt1030-no-driver-bound.txt'],
    cpu: 'intel',
    bootVga: '0000:00:02.0',
    drm: [{ card: 'card0', address: '0000:00:02.0', connectors: { 'HDMI-A-1': 'connected' } }],
    disks: { nvme0n1: '0000:05:00.0' },
  },
  /** TrueNAS box with the UHD 630 iGPU only. */
  'intel-z370-igpu-only': {
    groups: 'intel-z370-truenas-igpu-only-lowercase.txt',
    cpu: 'intel',
    bootVga: '0000:00:02.0',
  },
  /** HP laptop: GTX 1650 Mobile on nvidia; no IOMMU groups captured (treated as IOMMU off); the Intel iGPU of this hybrid laptop is not in the capture. */
  'hp-laptop-gtx1650': {
    lspci: ['hp-laptop-gtx1650-mobile-nvidia.txt'],
    cpu: 'intel',
    bootVga: '0000:01:00.0',
  },
  /** RTX 3080 on nvidia, no groups captured (IOMMU off). */
  'rtx3080-nvidia': { lspci: ['rtx3080-nvidia-noindent.txt'], cpu: 'amd', bootVga: '0000:3e:00.0' },
  /** Intel Arc A310: VGA (03:00.0) and audio (04:00.0) on different buses, both on vfio-pci; no groups captured. */
  'intel-arc-a310': { lspci: ['intel-arc-a310-vga-vfio.txt', 'intel-arc-a310-audio-vfio.txt'], cpu: 'intel' },
} satisfies Record<string, TreeSpec>

export type CaptureName = keyof typeof CAPTURES

export function capturedDevices(spec: TreeSpec): CapturedDevice[] {
  const groups = spec.groups === undefined ? [] : parseIommuGroups(hostFixture('iommu-groups', spec.groups))
  const lspci = (spec.lspci ?? []).flatMap((file) => parseLspciNnk(hostFixture('lspci-nnk', file)))
  return mergeCaptures(groups, lspci)
}

async function put(root: string, path: string, content: string): Promise<void> {
  const full = join(root, path)
  await mkdir(dirname(full), { recursive: true })
  await writeFile(full, content)
}

async function link(root: string, path: string, target: string): Promise<void> {
  const full = join(root, path)
  await mkdir(dirname(full), { recursive: true })
  await symlink(target, full)
}

/** Writes the tree of `devices` under `root` (which must exist). */
export async function writePciTree(root: string, devices: CapturedDevice[], spec: TreeSpec): Promise<void> {
  const hasGroups = devices.some((d) => d.group !== undefined)
  if (hasGroups) await mkdir(join(root, 'sys/kernel/iommu_groups'), { recursive: true })
  await mkdir(join(root, 'sys/bus/pci/devices'), { recursive: true })
  for (const device of devices) {
    const dir = `sys/devices/pci0000:00/${device.address}`
    const files: Record<string, string> = {
      class: `0x${device.classCode}\n`,
      vendor: `0x${device.vendorId}\n`,
      device: `0x${device.deviceId}\n`,
      subsystem_vendor: `0x${device.subsystem?.vendorId ?? '0000'}\n`,
      subsystem_device: `0x${device.subsystem?.deviceId ?? '0000'}\n`,
      revision: `0x${device.revision ?? '00'}\n`,
      numa_node: '-1\n',
    }
    if (device.classCode.startsWith('03')) files['boot_vga'] = device.address === spec.bootVga ? '1\n' : '0\n'
    if (device.resettable === true) {
      files['reset'] = ''
      files['reset_method'] = 'flr bus\n'
    }
    for (const [name, content] of Object.entries(files)) await put(root, `${dir}/${name}`, content)
    await link(root, `sys/bus/pci/devices/${device.address}`, `../../../devices/pci0000:00/${device.address}`)
    const driver = spec.drivers?.[device.address] ?? device.driver
    if (driver !== undefined) {
      await mkdir(join(root, 'sys/bus/pci/drivers', driver), { recursive: true })
      await link(root, `${dir}/driver`, `../../../bus/pci/drivers/${driver}`)
    }
    if (device.group !== undefined) {
      await mkdir(join(root, 'sys/kernel/iommu_groups', String(device.group), 'devices'), { recursive: true })
      await link(root, `${dir}/iommu_group`, `../../../kernel/iommu_groups/${device.group}`)
    }
  }
  for (const card of spec.drm ?? []) {
    const cardDir = `sys/devices/pci0000:00/${card.address}/drm/${card.card}`
    await link(root, `${cardDir}/device`, '../..')
    await link(
      root,
      `sys/class/drm/${card.card}`,
      `../../devices/pci0000:00/${card.address}/drm/${card.card}`,
    )
    for (const [connector, status] of Object.entries(card.connectors)) {
      const name = `${card.card}-${connector}`
      await put(root, `${cardDir}/${name}/status`, `${status}\n`)
      await link(
        root,
        `sys/class/drm/${name}`,
        `../../devices/pci0000:00/${card.address}/drm/${card.card}/${name}`,
      )
    }
  }
  for (const [disk, address] of Object.entries(spec.disks ?? {})) {
    const diskDir = `sys/devices/pci0000:00/${address}/block/${disk}`
    await link(root, `${diskDir}/device`, '../..')
    await link(root, `sys/block/${disk}`, `../devices/pci0000:00/${address}/block/${disk}`)
  }
  await put(root, 'proc/cmdline', `${spec.cmdline ?? 'BOOT_IMAGE=/vmlinuz root=/dev/sda2 ro quiet'}\n`)
  await put(root, 'proc/sys/kernel/osrelease', `${spec.kernel ?? '6.1.0-18-amd64'}\n`)
  await put(
    root,
    'proc/cpuinfo',
    `processor\t: 0\nvendor_id\t: ${spec.cpu === 'intel' ? 'GenuineIntel' : 'AuthenticAMD'}\ncpu family\t: 6\n`,
  )
  if (spec.pciIds !== undefined) {
    await mkdir(join(root, 'usr/share/misc'), { recursive: true })
    await copyFile(spec.pciIds, join(root, 'usr/share/misc/pci.ids'))
  }
}

/** A temp folder holding the tree of one capture (plus overrides). */
export async function buildPciTree(spec: TreeSpec, extra: Partial<TreeSpec> = {}): Promise<PciTree> {
  const merged: TreeSpec = { ...spec, ...extra }
  const root = await mkdtemp(join(tmpdir(), 'virtdeck-pci-tree-'))
  const devices = capturedDevices(merged)
  await writePciTree(root, devices, merged)
  return { root, devices, dispose: () => rm(root, { recursive: true, force: true }) }
}

export function buildCapturedTree(name: CaptureName, extra: Partial<TreeSpec> = {}): Promise<PciTree> {
  return buildPciTree(CAPTURES[name], extra)
}
