import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { detectBootloader } from '../src/main/nested/bootloader.js'
import { buildNestedPlan } from '../src/main/nested/plan.js'
import { TempRootHost } from './support/temp-root-host.js'

/**
 * Bootloader detection against TEMP-ROOT hosts laid out like Debian, Fedora, RHEL 8 on EFI, Arch,
 * Pop!_OS and systemd-boot machines. The distribution tools (update-grub, grub2-mkconfig, bootctl,
 * kernelstub) do not exist here, so stand-in scripts with their names answer as they would.
 */

const repoRoot = fileURLToPath(new URL('..', import.meta.url))
const grubFixture = (name: string): string =>
  readFileSync(join(repoRoot, 'test', 'fixtures', 'hosts', 'grub', name), 'utf8')
const PARAM = 'kvm-amd.nested=1'

let machine: TempRootHost | undefined
afterEach(async () => {
  await machine?.dispose()
  machine = undefined
})

async function newMachine(): Promise<TempRootHost> {
  machine = await TempRootHost.create({ id: 'boot-test' })
  return machine
}

/** efivarfs layout: 4 attribute bytes, then a NUL-terminated UTF-16LE string. */
function efiString(text: string): Buffer {
  return Buffer.concat([Buffer.from([7, 0, 0, 0]), Buffer.from(`${text}\0`, 'utf16le')])
}

describe('GRUB regeneration command per distribution', () => {
  it('Debian/Ubuntu: update-grub', async () => {
    const host = await newMachine()
    await host.put('/etc/default/grub', grubFixture('proxmox-intel-iommu-etc-default-grub.txt'))
    await host.addStandIn('update-grub')
    await host.addStandIn('grub-mkconfig')
    const info = await detectBootloader(host, PARAM)
    expect(info.kind).toBe('grub')
    expect(info.regenerate).toMatchObject({ file: 'update-grub', args: [] })
  })

  it('Fedora, BIOS: grub2-mkconfig -o /boot/grub2/grub.cfg', async () => {
    const host = await newMachine()
    await host.put('/etc/default/grub', grubFixture('fedora-rhgb-quiet-amdgpu-etc-default-grub.txt'))
    await host.addStandIn('grub2-mkconfig')
    expect((await detectBootloader(host, PARAM)).regenerate).toMatchObject({
      file: 'grub2-mkconfig',
      args: ['-o', '/boot/grub2/grub.cfg'],
    })
  })

  it('Fedora 39+ with BLS: adds --update-bls-cmdline when grub2-mkconfig offers it', async () => {
    const host = await newMachine()
    await host.put('/etc/default/grub', 'GRUB_CMDLINE_LINUX="rhgb quiet"\nGRUB_ENABLE_BLSCFG=true\n')
    await host.addStandIn(
      'grub2-mkconfig',
      `[ "$1" = --help ] && echo "  --update-bls-cmdline    overwrite BLS cmdline args with default args"\nexit 0`,
    )
    const info = await detectBootloader(host, PARAM)
    expect(info.regenerate?.args).toEqual(['-o', '/boot/grub2/grub.cfg', '--update-bls-cmdline'])
    expect(await host.standInCalls()).toEqual([{ name: 'grub2-mkconfig', args: ['--help'] }])
  })

  it('Fedora 34+ on EFI: the ESP grub.cfg is a stub, so /boot/grub2/grub.cfg', async () => {
    const host = await newMachine()
    await host.put('/etc/default/grub', grubFixture('fedora-rhgb-quiet-amdgpu-etc-default-grub.txt'))
    await host.put('/sys/firmware/efi/runtime', '')
    await host.put(
      '/boot/efi/EFI/fedora/grub.cfg',
      'search --no-floppy --fs-uuid --set=dev 1234-ABCD\nset prefix=($dev)/grub2\nexport $prefix\nconfigfile $prefix/grub.cfg\n',
    )
    await host.addStandIn('grub2-mkconfig')
    expect((await detectBootloader(host, PARAM)).regenerate?.args).toEqual(['-o', '/boot/grub2/grub.cfg'])
  })

  it('RHEL 8 on EFI: the full config lives on the ESP', async () => {
    const host = await newMachine()
    await host.put(
      '/etc/default/grub',
      'GRUB_CMDLINE_LINUX="crashkernel=auto rhgb quiet"\nGRUB_ENABLE_BLSCFG=true\n',
    )
    await host.put('/sys/firmware/efi/runtime', '')
    await host.put(
      '/boot/efi/EFI/redhat/grub.cfg',
      '### BEGIN /etc/grub.d/00_header ###\ninsmod part_gpt\nblscfg\n',
    )
    await host.addStandIn('grub2-mkconfig')
    expect((await detectBootloader(host, PARAM)).regenerate?.args).toEqual([
      '-o',
      '/boot/efi/EFI/redhat/grub.cfg',
    ])
  })

  it('Arch and others: grub-mkconfig -o /boot/grub/grub.cfg', async () => {
    const host = await newMachine()
    await host.put(
      '/etc/default/grub',
      'GRUB_CMDLINE_LINUX_DEFAULT="loglevel=3 quiet"\nGRUB_CMDLINE_LINUX=""\n',
    )
    await host.addStandIn('grub-mkconfig')
    expect((await detectBootloader(host, PARAM)).regenerate).toMatchObject({
      file: 'grub-mkconfig',
      args: ['-o', '/boot/grub/grub.cfg'],
    })
  })

  it('GRUB file without any regeneration tool: grub, but no command', async () => {
    const host = await newMachine()
    await host.put('/etc/default/grub', 'GRUB_CMDLINE_LINUX=""\n')
    const info = await detectBootloader(host, PARAM)
    expect(info.kind).toBe('grub')
    expect(info.regenerate).toBeUndefined()
    expect(info.instructions.join(' ')).toMatch(/no command to regenerate/)
  })
})

describe('hosts that do not boot through /etc/default/grub', () => {
  it('Pop!_OS: kernelstub, with the exact command to run instead', async () => {
    const host = await newMachine()
    await host.put('/etc/kernelstub/configuration', '{"default": {"kernel_options": ["quiet", "splash"]}}\n')
    await host.put('/etc/default/grub', 'GRUB_CMDLINE_LINUX=""\n')
    await host.addStandIn('kernelstub')
    const info = await detectBootloader(host, PARAM)
    expect(info.kind).toBe('kernelstub')
    expect(info.instructions.join('\n')).toContain("sudo kernelstub -a 'kvm-amd.nested=1'")
    expect(info.regenerate).toBeUndefined()
  })

  it('systemd-boot announced by the running loader (EFI LoaderInfo), even with GRUB files present', async () => {
    const host = await newMachine()
    await host.put(
      '/sys/firmware/efi/efivars/LoaderInfo-4a67b082-0a4c-41cf-b6c7-440b29bb8c4f',
      efiString('systemd-boot 252.22-1~deb12u1'),
    )
    await host.put(
      '/boot/efi/loader/entries/debian-6.1.0-18-amd64.conf',
      'title Debian\noptions root=UUID=0000 ro quiet\n',
    )
    await host.put('/etc/default/grub', 'GRUB_CMDLINE_LINUX=""\n')
    await host.addStandIn('update-grub')
    const info = await detectBootloader(host, PARAM)
    expect(info.kind).toBe('systemd-boot')
    expect(info.evidence.join(' ')).toContain('systemd-boot 252.22-1~deb12u1')
    expect(info.instructions.join('\n')).toMatch(
      /\/etc\/kernel\/cmdline[\s\S]*kernel-install add[\s\S]*\/boot\/efi\/loader\/entries/,
    )
  })

  it('systemd-boot found by bootctl is-installed, or by loader.conf', async () => {
    const host = await newMachine()
    await host.addStandIn('bootctl', 'echo yes')
    expect((await detectBootloader(host, PARAM)).kind).toBe('systemd-boot')
    expect(await host.standInCalls()).toEqual([{ name: 'bootctl', args: ['is-installed'] }])

    const other = await TempRootHost.create({ id: 'arch-sdboot' })
    try {
      await other.put('/efi/loader/loader.conf', 'default arch.conf\ntimeout 3\n')
      await other.put(
        '/efi/loader/entries/arch.conf',
        'title Arch Linux\nlinux /vmlinuz-linux\noptions root=/dev/nvme0n1p2 rw\n',
      )
      const info = await detectBootloader(other, PARAM)
      expect(info.kind).toBe('systemd-boot')
      expect(info.instructions.join('\n')).toContain('/efi/loader/entries')
    } finally {
      await other.dispose()
    }
  })

  it('bootctl that says "no" and nothing else: unknown', async () => {
    const host = await newMachine()
    await host.addStandIn('bootctl', 'echo no; exit 1')
    const info = await detectBootloader(host, PARAM)
    expect(info.kind).toBe('unknown')
    expect(info.instructions.join(' ')).toMatch(/modprobe method/)
  })

  it('the GRUB plan on a kernelstub host is blocked and says what to do, touching nothing', async () => {
    const host = await newMachine()
    await host.put('/proc/cpuinfo', 'processor\t: 0\nvendor_id\t: AuthenticAMD\n')
    await host.put('/etc/kernelstub/configuration', '{}\n')
    const plan = await buildNestedPlan(host, { method: 'grub' })
    expect(plan.vendor).toBe('amd')
    expect(plan.files).toEqual([])
    expect(plan.commands).toEqual([])
    expect(plan.blockers).toEqual([
      'This host does not boot with GRUB (kernelstub); /etc/default/grub would not be used.',
    ])
    expect(plan.notes.join('\n')).toContain("kernelstub -a 'kvm-amd.nested=1'")
    expect(host.privilegedCalls).toEqual([])
  })
})
