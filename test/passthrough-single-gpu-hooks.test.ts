import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { displayManagerFromLink, parseSystemctlStatus } from '../src/main/passthrough/display-manager.js'
import type { HookScriptOptions } from '../src/main/passthrough/single-gpu-hooks.js'
import { HOOKS_DIR, singleGpuHookFiles } from '../src/main/passthrough/single-gpu-hooks.js'
import { hostFixture, hostFixtureFiles } from './support/fixtures.js'

/**
 * The single-GPU hook scripts run for real by /bin/sh, through the generated dispatcher, with
 * RECORDING STAND-INS for systemctl, virsh and modprobe (no GPU, display manager or vfio here):
 * each logs its arguments; sysfs is a temp folder (VIRTDECK_SYS_ROOT) with vtconsole and
 * efi-framebuffer files. The display manager comes from the real display-manager captures.
 */

let base = ''
const bases: string[] = []
afterAll(async () => {
  await Promise.all(bases.map((b) => rm(b, { recursive: true, force: true })))
})

async function put(path: string, content: string, mode = 0o644): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  await writeFile(path, content)
  await chmod(path, mode)
}

/** A stand-in that logs `name args…` (tab-separated); `fail` makes the matching subcommand exit 1. */
async function standIn(name: string, extra = ''): Promise<void> {
  await put(
    join(base, 'bin', name),
    `#!/bin/sh\n{ printf '%s' ${name}; for a in "$@"; do printf '\\t%s' "$a"; done; printf '\\n'; } >>"$LOG"\n${extra}\nexit 0\n`,
    0o755,
  )
}

beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'virtdeck-hooks-'))
  bases.push(base)
  // is-active answers "inactive" (3) once stop was asked, as systemd does.
  await standIn('systemctl', '[ "$1" = is-active ] && exit 3')
  await standIn('virsh', '[ -n "${FAIL_DETACH:-}" ] && [ "$1" = nodedev-detach ] && exit 1')
  await standIn('modprobe')
  for (const vt of ['vtcon0', 'vtcon1']) await put(join(base, 'sys/class/vtconsole', vt, 'bind'), '1\n')
  await put(join(base, 'sys/bus/platform/drivers/efi-framebuffer/bind'), '')
  await put(join(base, 'sys/bus/platform/drivers/efi-framebuffer/unbind'), '')
})

async function install(options: HookScriptOptions): Promise<string> {
  for (const file of singleGpuHookFiles(options))
    await put(
      join(base, 'etc', file.path.slice(HOOKS_DIR.length - 'libvirt/hooks'.length)),
      file.content,
      file.mode,
    )
  return join(base, 'etc/libvirt/hooks/qemu')
}

function hook(
  dispatcher: string,
  vm: string,
  op: string,
  phase: string,
  env: Record<string, string> = {},
): Promise<number> {
  return new Promise((resolve) => {
    execFile(
      '/bin/sh',
      [dispatcher, vm, op, phase, '-'],
      {
        env: {
          PATH: `${join(base, 'bin')}:/usr/bin:/bin`,
          LOG: join(base, 'log'),
          VIRTDECK_SYS_ROOT: join(base, 'sys'),
          ...env,
        },
      },
      (error) => resolve(error === null ? 0 : typeof error.code === 'number' ? error.code : -1),
    )
  })
}

async function calls(): Promise<string[]> {
  const text = existsSync(join(base, 'log')) ? await readFile(join(base, 'log'), 'utf8') : ''
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.replaceAll('\t', ' '))
}

const vt = (n: number): Promise<string> => readFile(join(base, `sys/class/vtconsole/vtcon${n}/bind`), 'utf8')

describe('display manager from the real captures', () => {
  it('reads the unit from the display-manager.service symlink (English and Chinese locale ls -l)', () => {
    expect(
      displayManagerFromLink(
        hostFixture('display-manager', 'ubuntu-ls-l-display-manager-service-symlink-lightdm.txt'),
      ),
    ).toBe('lightdm.service')
    expect(
      displayManagerFromLink(
        hostFixture('display-manager', 'zh-cn-locale-ls-l-display-manager-service-symlink-lxdm.txt'),
      ),
    ).toBe('lxdm.service')
  })

  it.each(hostFixtureFiles('display-manager').filter((f) => f.includes('systemctl-status')))(
    'parses systemctl status capture %s',
    (name) => {
      const status = parseSystemctlStatus(hostFixture('display-manager', name))
      expect(status?.unit).toMatch(/^(lightdm|sddm)\.service$/)
      expect(['active', 'inactive', 'failed']).toContain(status?.active)
      expect(status?.enablement).toMatch(/^(enabled|disabled|static)$/)
    },
  )
})

describe('single-GPU hook scripts run with recording stand-ins', () => {
  const vm = `win 11 "x" $(touch pwned) 'q' é`
  const nvidia: HookScriptOptions = {
    vm,
    displayManager:
      displayManagerFromLink(
        hostFixture('display-manager', 'ubuntu-ls-l-display-manager-service-symlink-lightdm.txt'),
      ) ?? '',
    gpuVendor: 'nvidia',
    functions: ['0000:01:00.0', '0000:01:00.1'],
    hostDriver: 'nvidia',
  }

  it('prepare/begin (NVIDIA, lightdm): stops the display manager, unbinds every vtcon, unloads nvidia, detaches both functions, loads vfio-pci', async () => {
    const dispatcher = await install(nvidia)
    expect(await hook(dispatcher, vm, 'prepare', 'begin')).toBe(0)
    expect(await calls()).toEqual([
      'systemctl stop lightdm.service',
      'systemctl is-active --quiet lightdm.service',
      'modprobe -r nvidia_drm nvidia_modeset nvidia_uvm nvidia',
      'virsh nodedev-detach pci_0000_01_00_0',
      'virsh nodedev-detach pci_0000_01_00_1',
      'modprobe vfio-pci',
    ])
    expect([await vt(0), await vt(1)]).toEqual(['0\n', '0\n'])
    expect(await readFile(join(base, 'sys/bus/platform/drivers/efi-framebuffer/unbind'), 'utf8')).toBe(
      'efi-framebuffer.0\n',
    )
    expect(existsSync(join(process.cwd(), 'pwned'))).toBe(false)
  })

  it('release/end restores the host driver and the display manager, reattaching the functions', async () => {
    const dispatcher = await install(nvidia)
    expect(await hook(dispatcher, vm, 'release', 'end')).toBe(0)
    expect(await calls()).toEqual([
      'virsh nodedev-reattach pci_0000_01_00_1',
      'virsh nodedev-reattach pci_0000_01_00_0',
      'modprobe nvidia_drm',
      'modprobe nvidia_uvm',
      'systemctl start lightdm.service',
    ])
    expect([await vt(0), await vt(1)]).toEqual(['1\n', '1\n'])
    expect(await readFile(join(base, 'sys/bus/platform/drivers/efi-framebuffer/bind'), 'utf8')).toBe(
      'efi-framebuffer.0\n',
    )
  })

  it('release/end still starts the display manager when reattaching fails', async () => {
    await standIn('virsh', 'exit 1')
    const dispatcher = await install({
      ...nvidia,
      gpuVendor: 'amd',
      hostDriver: 'amdgpu',
      displayManager: 'sddm.service',
    })
    expect(await hook(dispatcher, vm, 'release', 'end')).toBe(0)
    expect((await calls()).at(-1)).toBe('systemctl start sddm.service')
    expect(await calls()).toContain('modprobe amdgpu')
  })

  it('prepare/begin gives everything back and fails (so libvirt does not start the VM) when a detach fails', async () => {
    const dispatcher = await install(nvidia)
    expect(await hook(dispatcher, vm, 'prepare', 'begin', { FAIL_DETACH: '1' })).not.toBe(0)
    const log = await calls()
    expect(log.slice(log.indexOf('virsh nodedev-detach pci_0000_01_00_0') + 1)).toEqual([
      'virsh nodedev-reattach pci_0000_01_00_1',
      'virsh nodedev-reattach pci_0000_01_00_0',
      'modprobe nvidia_drm',
      'modprobe nvidia_uvm',
      'systemctl start lightdm.service',
    ])
    expect([await vt(0), await vt(1)]).toEqual(['1\n', '1\n'])
  })

  it('another VM and other phases run nothing', async () => {
    const dispatcher = await install(nvidia)
    expect(await hook(dispatcher, 'other-vm', 'prepare', 'begin')).toBe(0)
    expect(await hook(dispatcher, vm, 'started', 'begin')).toBe(0)
    expect(await calls()).toEqual([])
  })

  it('refuses names that cannot be a hook folder or a unit', () => {
    expect(() => singleGpuHookFiles({ ...nvidia, vm: '../x' })).toThrow(/cannot name a hook folder/)
    expect(() => singleGpuHookFiles({ ...nvidia, displayManager: 'gdm.service; reboot' })).toThrow(
      /not a systemd service/,
    )
  })
})
