import { describe, expect, it } from 'vitest'
import type { GpuReport } from '@shared/passthrough.js'
import { hostFixture, hostFixtureFiles } from '../../../test/support/fixtures.js'
import {
  editSystemdBootEntry,
  grubbyCommonArgs,
  kernelstubOptions,
  passthroughParams,
} from './boot-params.js'
import { buildHostPlan, GRUB_DEFAULT } from './host-plan.js'
import type { HostPlanInput } from './host-plan.js'
import {
  DRACUT_DROP_IN,
  dracutDropIn,
  dracutListedModules,
  editInitramfsToolsModules,
  editMkinitcpioModules,
  INITRAMFS_TOOLS_MODULES,
  MKINITCPIO_CONF,
  vfioModules,
} from '../hostconf/initramfs.js'
import { BACKUP_DIR_PLACEHOLDER } from './rescue.js'
import { editVfioConf, softdepDrivers, VFIO_CONF_PATH } from './vfio-conf.js'

const GTX1060: GpuReport = {
  address: '0000:01:00.0',
  label: 'NVIDIA GP106 [GeForce GTX 1060 6GB]',
  vendor: 'nvidia',
  functions: [
    { address: '0000:01:00.0', label: 'VGA', vendorId: '10de', deviceId: '1c03', driver: 'nvidia' },
    { address: '0000:01:00.1', label: 'Audio', vendorId: '10de', deviceId: '10f1', driver: 'snd_hda_intel' },
  ],
  groups: [],
  viability: 'viable',
  blockers: [],
  options: [],
  hostDisplay: { bootVga: false, connectedOutputs: [] },
  warnings: [],
  boundToVfio: false,
  driver: 'nvidia',
}

function input(overrides: Partial<HostPlanInput> = {}): HostPlanInput {
  return {
    gpu: GTX1060,
    functionClasses: { '0000:01:00.0': '030000', '0000:01:00.1': '040300' },
    cpuVendor: 'intel',
    kernelRelease: '6.8.0-45-generic',
    cmdline: 'BOOT_IMAGE=/vmlinuz root=/dev/sda2 ro quiet splash',
    initramfs: 'initramfs-tools',
    bootloader: 'grub',
    files: {
      [GRUB_DEFAULT]: hostFixture('grub', 'fedora-rhgb-quiet-amdgpu-etc-default-grub.txt'),
      [INITRAMFS_TOOLS_MODULES]: hostFixture(
        'initramfs',
        'debian12-initramfs-tools-core-modules-template.txt',
      ),
      [VFIO_CONF_PATH]: null,
    },
    grubRegenerate: { file: 'update-grub', args: [], why: 'Regenerate grub.cfg' },
    ...overrides,
  }
}

/** The files of a plan applied to its input: what the host holds after the change. */
function applied(i: HostPlanInput): HostPlanInput {
  const plan = buildHostPlan(i)
  const files = { ...i.files }
  for (const f of plan.files) files[f.path] = f.after
  return { ...i, files }
}

describe('kernel parameters per CPU vendor', () => {
  it('Intel gets intel_iommu=on and iommu=pt; AMD only iommu=pt, and says why', () => {
    expect(passthroughParams('intel').params).toEqual(['intel_iommu=on', 'iommu=pt'])
    const amd = passthroughParams('amd')
    expect(amd.params).toEqual(['iommu=pt'])
    expect(amd.notes[0]).toMatch(/on by default.*no amd_iommu=on/)
  })

  it('an AMD plan never adds intel_iommu=on; parameters already on the command line are not added', () => {
    const plan = buildHostPlan(input({ cpuVendor: 'amd', cmdline: 'root=/dev/sda1 iommu=pt' }))
    expect(plan.kernelParams).toMatchObject({ add: [], alreadySet: ['iommu=pt'] })
    expect(plan.files.map((f) => f.path)).not.toContain(GRUB_DEFAULT)
  })
})

describe('the host plan on real captured config files', () => {
  it('GRUB + initramfs-tools, Intel, GTX 1060: exact vfio.conf, params in GRUB, modules, commands', () => {
    const plan = buildHostPlan(input())
    expect(plan.ids).toEqual(['10de:1c03', '10de:10f1'])
    expect(plan.kernelParams.add).toEqual(['intel_iommu=on', 'iommu=pt'])
    expect(plan.files.find((f) => f.path === VFIO_CONF_PATH)?.after).toBe(
      [
        '# Written by VirtDeck: give these devices to vfio-pci at boot (GPU passthrough).',
        'options vfio-pci ids=10de:1c03,10de:10f1',
        'softdep nvidia pre: vfio-pci',
        'softdep nouveau pre: vfio-pci',
        'softdep snd_hda_intel pre: vfio-pci',
        '',
      ].join('\n'),
    )
    const grub = plan.files.find((f) => f.path === GRUB_DEFAULT)
    expect(grub?.after).toBe(
      grub?.before?.replace('lockdown=confidentiality"', 'lockdown=confidentiality intel_iommu=on iommu=pt"'),
    )
    const modules = plan.files.find((f) => f.path === INITRAMFS_TOOLS_MODULES)
    expect(modules?.after.endsWith('vfio_pci\nvfio\nvfio_iommu_type1\n')).toBe(true)
    expect(modules?.after.startsWith(modules.before ?? '?')).toBe(true)
    expect(plan.commands.map((c) => [c.file, ...c.args].join(' '))).toEqual([
      'update-grub',
      'update-initramfs -u -k all',
    ])
    expect(plan.rebootRequired).toBe(true)
    expect(plan.blockers).toEqual([])
  })

  it('Ubuntu /etc/default/grub that already has both parameters: no GRUB change, a note to reboot', () => {
    const files = {
      ...input().files,
      [GRUB_DEFAULT]: hostFixture('grub', 'ubuntu-quiet-splash-vfio-pci-ids-arc-a310-grep.txt'),
    }
    const plan = buildHostPlan(input({ files }))
    expect(plan.files.map((f) => f.path)).not.toContain(GRUB_DEFAULT)
    expect(plan.commands.map((c) => c.file)).not.toContain('update-grub')
    expect(plan.notes[0]).toMatch(/already has intel_iommu=on iommu=pt/)
  })

  it('a second plan after applying the first is empty (idempotent)', () => {
    const once = applied(input())
    const again = buildHostPlan(once)
    expect(again.files).toEqual([])
    expect(again.commands).toEqual([])
  })

  it('vfio_virqfd is listed only before kernel 6.2', () => {
    expect(vfioModules('6.1.0-18-amd64')).toContain('vfio_virqfd')
    expect(vfioModules('5.15.0-92-generic')).toContain('vfio_virqfd')
    expect(vfioModules('6.2.0')).not.toContain('vfio_virqfd')
    expect(vfioModules('6.10.3-arch1-1')).not.toContain('vfio_virqfd')
  })

  it.each(hostFixtureFiles('initramfs').filter((f) => f.includes('initramfs-tools-modules')))(
    'initramfs-tools capture %s: only missing modules are appended (hyphen or underscore), bytes kept',
    (name) => {
      const before = hostFixture('initramfs', name)
      const after = editInitramfsToolsModules(before, vfioModules('6.8.0'))
      expect(after.startsWith(before)).toBe(true)
      const added = after
        .slice(before.length)
        .split('\n')
        .filter((l) => l !== '')
      for (const module of added)
        expect(before.replace(/-/g, '_')).not.toMatch(new RegExp(`^${module}$`, 'm'))
      expect(editInitramfsToolsModules(after, vfioModules('6.8.0'))).toBe(after)
    },
  )

  it('initramfs-tools capture with hyphens: vfio-pci counts as vfio_pci, nothing is added twice', () => {
    const before = hostFixture('initramfs', 'initramfs-tools-modules-vfio-hyphens-virtio-amdgpu.txt')
    expect(editInitramfsToolsModules(before, vfioModules('5.15.0'))).toBe(before)
  })

  it.each(hostFixtureFiles('initramfs').filter((f) => f.startsWith('arch-mkinitcpio')))(
    'mkinitcpio capture %s: vfio modules first in MODULES, one line changed, idempotent',
    (name) => {
      const before = hostFixture('initramfs', name)
      const after = editMkinitcpioModules(before, vfioModules('6.8.0'))
      const changed = after.split('\n').filter((l, i) => l !== before.split('\n')[i])
      expect(changed.length).toBeLessThanOrEqual(1)
      const modulesLine = [...after.matchAll(/^MODULES=[("]([^)"]*)/gm)].at(-1)?.[1] ?? ''
      expect(
        modulesLine
          .split(/\s+/)
          .slice(0, 3)
          .map((m) => m.replace(/-/g, '_'))
          .sort(),
      ).toEqual(changed.length === 0 ? expect.any(Array) : ['vfio', 'vfio_iommu_type1', 'vfio_pci'])
      expect(editMkinitcpioModules(after, vfioModules('6.8.0'))).toBe(after)
    },
  )

  it('mkinitcpio stock config: MODULES=() becomes MODULES=(vfio_pci vfio vfio_iommu_type1)', () => {
    const before = hostFixture('initramfs', 'arch-mkinitcpio-conf-stock-v39.2.txt')
    const after = editMkinitcpioModules(before, vfioModules('6.8.0'))
    expect(after).toBe(before.replace(/^MODULES=\(\)$/m, 'MODULES=(vfio_pci vfio vfio_iommu_type1)'))
  })

  it('dracut captures: modules another drop-in already forces are not listed again', () => {
    const others = hostFixtureFiles('initramfs')
      .filter((f) => f.includes('dracut'))
      .map((f) => hostFixture('initramfs', f))
    const listed = dracutListedModules(others)
    expect([...listed].sort()).toContain('vfio_pci')
    expect(dracutDropIn(null, vfioModules('6.8.0'), listed)).toBe('')
    expect(dracutDropIn(null, vfioModules('6.8.0'), new Set())).toBe(
      '# Written by VirtDeck: load vfio before the GPU drivers (GPU passthrough).\nforce_drivers+=" vfio_pci vfio vfio_iommu_type1 "\n',
    )
    const plan = buildHostPlan(
      input({ initramfs: 'dracut', files: { ...input().files, [DRACUT_DROP_IN]: null } }),
    )
    expect(plan.commands.map((c) => c.file)).toContain('dracut')
  })

  it.each(hostFixtureFiles('initramfs').filter((f) => f.startsWith('modprobe-d-vfio-conf')))(
    'existing vfio.conf capture %s: ids merged into its own line, missing softdeps appended, idempotent',
    (name) => {
      const before = hostFixture('initramfs', name)
      const after = editVfioConf(before, ['10de:1c03', '10de:10f1'], ['nvidia', 'snd_hda_intel'])
      expect(after).toMatch(/ids=[0-9a-f:,]*10de:1c03,10de:10f1/)
      expect(after).toMatch(/^softdep nvidia pre:.*vfio-pci$/m)
      expect(editVfioConf(after, ['10de:1c03', '10de:10f1'], ['nvidia', 'snd_hda_intel'])).toBe(after)
      // Everything that was there is still there, in order.
      const kept = before.split('\n').filter((l) => !/ids=/.test(l))
      for (const line of kept) expect(after.split('\n')).toContain(line)
    },
  )

  it('softdeps come from the vendor and the drivers in use (AMD card with HDMI audio)', () => {
    expect(
      softdepDrivers('amd', [{ driver: 'amdgpu', classCode: '030000' }, { classCode: '040300' }]),
    ).toEqual(['amdgpu', 'radeon', 'snd_hda_intel'])
  })
})

describe('bootloaders from real captures', () => {
  it.each(hostFixtureFiles('bootloader').filter((f) => f.startsWith('arch-systemd-boot-entry')))(
    'systemd-boot entry %s: parameters appended to the options line, idempotent',
    (name) => {
      const before = hostFixture('bootloader', name)
      const after = editSystemdBootEntry(before, ['intel_iommu=on', 'iommu=pt'])
      const options = [...after.matchAll(/^options[ \t]+(.*)$/gm)].flatMap((m) => (m[1] ?? '').split(/\s+/))
      expect(options).toContain('intel_iommu=on')
      expect(options).toContain('iommu=pt')
      expect(editSystemdBootEntry(after, ['intel_iommu=on', 'iommu=pt'])).toBe(after)
      expect(after.split('\n').length).toBe(before.split('\n').length + (/^options/m.test(before) ? 0 : 1))
    },
  )

  it('Arch: systemd-boot entry and mkinitcpio from captures, AMD card on amdgpu, kernel 6.8', () => {
    const entry = '/boot/loader/entries/arch.conf'
    const plan = buildHostPlan(
      input({
        bootloader: 'systemd-boot',
        initramfs: 'mkinitcpio',
        systemdBootEntries: [entry],
        files: {
          [entry]: hostFixture('bootloader', 'arch-systemd-boot-entry-amd-iommu-acs-override-cryptroot.txt'),
          [MKINITCPIO_CONF]: hostFixture('initramfs', 'arch-mkinitcpio-conf-stock-v39.2.txt'),
          [VFIO_CONF_PATH]: null,
        },
        cpuVendor: 'amd',
      }),
    )
    // The captured entry already has iommu=pt on its options line: it is left alone.
    expect(plan.kernelParams.add).toEqual(['iommu=pt'])
    expect(plan.files.map((f) => f.path)).toEqual([VFIO_CONF_PATH, MKINITCPIO_CONF])
    expect(plan.commands.map((c) => [c.file, ...c.args].join(' '))).toEqual(['mkinitcpio -P'])
    expect(plan.rescue).toContain('at the boot menu press e')
  })

  it('kernelstub: options already in the user section are not added again; the command adds the rest', () => {
    const config = hostFixture(
      'bootloader',
      'popos-2204-kernelstub-configuration-default-and-user-rootflags.json',
    )
    expect(kernelstubOptions(config)).toContain('rootflags=subvol=@')
    const plan = buildHostPlan(input({ bootloader: 'kernelstub', kernelstubConfig: config }))
    expect(plan.commands[0]).toMatchObject({
      file: 'kernelstub',
      args: ['--add-options', 'intel_iommu=on iommu=pt'],
    })
    expect(plan.rescue).toContain("sudo kernelstub --delete-options 'intel_iommu=on iommu=pt'")
  })

  it('grubby (RHEL 9 BLS): one command for every entry, undone with --remove-args in the rescue note', () => {
    const info = hostFixture('bootloader', 'rhel9-grubby-info-all-bls-quoted.txt')
    expect(grubbyCommonArgs(info)).toContain('rhgb')
    const plan = buildHostPlan(input({ bootloader: 'grubby', grubbyInfo: info }))
    expect(plan.commands[0]).toEqual({
      file: 'grubby',
      args: ['--update-kernel=ALL', '--args=intel_iommu=on iommu=pt'],
      why: 'Add the IOMMU parameters to every boot entry',
    })
    expect(plan.rescue).toContain("sudo grubby --update-kernel=ALL '--remove-args=intel_iommu=on iommu=pt'")
  })
})

describe('blockers and the rescue note', () => {
  it('the host display path and a storage group are blockers of the plan', () => {
    const gpu: GpuReport = {
      ...GTX1060,
      viability: 'blocked',
      blockers: ['IOMMU group 15 also holds your SATA controller …', 'The host displays on this card: …'],
    }
    const plan = buildHostPlan(input({ gpu }))
    expect(plan.blockers).toEqual(gpu.blockers)
  })

  it('IOMMU off on Intel is a note (the plan turns it on); on AMD it stays a blocker (firmware)', () => {
    const gpu: GpuReport = { ...GTX1060, viability: 'no-iommu', blockers: ['The IOMMU is off: …'] }
    expect(buildHostPlan(input({ gpu })).blockers).toEqual([])
    expect(buildHostPlan(input({ gpu, cpuVendor: 'amd' })).blockers).toEqual(['The IOMMU is off: …'])
  })

  it('the rescue note restores every file from the backup placeholder, removes new ones, rebuilds and reboots', () => {
    const plan = buildHostPlan(input())
    expect(plan.rescue).toContain(`sudo cp -a '${BACKUP_DIR_PLACEHOLDER}/etc/default/grub' /etc/default/grub`)
    expect(plan.rescue).toContain('sudo rm -f /etc/modprobe.d/vfio.conf')
    expect(plan.rescue).toContain('sudo update-initramfs -u -k all')
    expect(plan.rescue).toContain('remove intel_iommu=on iommu=pt')
    expect(plan.rescue.trimEnd().endsWith('sudo reboot')).toBe(true)
  })
})

describe('running VMs', () => {
  it('a running VM holding the card blocks the plan; a failed check is a note', () => {
    expect(buildHostPlan(input({ runningVms: { vms: ['gaming'] } })).blockers).toEqual([
      'Running VMs use this card: gaming. Shut them down first; rebinding the card under a running guest crashes it.',
    ])
    const unknown = buildHostPlan(input({ runningVms: { error: 'libvirtd is down' } }))
    expect(unknown.blockers).toEqual([])
    expect(unknown.notes).toContain('Could not check for running VMs using the card: libvirtd is down')
  })
})
