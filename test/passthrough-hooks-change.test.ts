import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync } from 'node:fs'
import { chmod, mkdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createApp } from '../src/main/app.js'
import type { App } from '../src/main/app.js'
import { createEphemeralCipher } from '../src/main/store/ephemeral-cipher.js'
import { passthroughMachine } from './support/passthrough-machine.js'
import { call, failure } from './support/router.js'
import type { TempRootHost } from './support/temp-root-host.js'

/**
 * Single-GPU hook scripts installed as ONE change on a TEMP-ROOT host whose sysfs is the CAPTURED
 * intel-z370-gt1030 tree and whose display manager link points at lightdm: preview, install (0755,
 * folders created), verify, the installed release script run by /bin/sh through the installed
 * dispatcher with RECORDING STAND-INS (systemctl, virsh, modprobe), undo removing every file and
 * the folders it created.
 */

const VM = `win 11 "x" $(touch pwned) é`
const HOOKS = '/etc/libvirt/hooks'
const cleanup: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step()
})

async function world(): Promise<{ app: App; hostId: string; machine: TempRootHost }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'virtdeck-pt-hooks-'))
  let root = ''
  const app = createApp({
    dataDir,
    cipher: createEphemeralCipher(Buffer.alloc(32, 9)),
    homeDir: dataDir,
    passthroughReadRoot: () => root,
  })
  const hostId = (
    await call(app, 'hosts.add', { kind: 'local', name: 'One GPU', libvirtUri: 'test:///default' })
  ).id
  const machine = await passthroughMachine(hostId)
  root = machine.root
  await mkdir(machine.mapPath('/etc/systemd/system'), { recursive: true })
  await symlink(
    '/lib/systemd/system/lightdm.service',
    machine.mapPath('/etc/systemd/system/display-manager.service'),
  )
  app.registry.register(hostId, machine)
  cleanup.push(async () => {
    await app.close()
    await machine.dispose()
    await rm(dataDir, { recursive: true, force: true })
  })
  return { app, hostId, machine }
}

/** Runs an installed hook through the installed dispatcher, stand-ins first on PATH; returns their calls. */
async function runHook(machine: TempRootHost, op: string, phase: string): Promise<string[]> {
  const bin = join(machine.root, '..', 'hook-bin')
  const log = join(machine.root, '..', 'hook-log')
  const sys = join(machine.root, '..', 'hook-sys')
  for (const name of ['systemctl', 'virsh', 'modprobe']) {
    await mkdir(bin, { recursive: true })
    await writeFile(
      join(bin, name),
      `#!/bin/sh\n{ printf '%s' ${name}; for a in "$@"; do printf ' %s' "$a"; done; printf '\\n'; } >>"$LOG"\n[ "$1" = is-active ] && exit 3\nexit 0\n`,
    )
    await chmod(join(bin, name), 0o755)
  }
  await mkdir(join(sys, 'class/vtconsole/vtcon0'), { recursive: true })
  await writeFile(join(sys, 'class/vtconsole/vtcon0/bind'), '0\n')
  await new Promise<void>((resolve, reject) =>
    execFile(
      '/bin/sh',
      [machine.mapPath(`${HOOKS}/qemu`), VM, op, phase, '-'],
      { env: { PATH: `${bin}:/usr/bin:/bin`, LOG: log, VIRTDECK_SYS_ROOT: sys } },
      (error) => (error === null ? resolve() : reject(error)),
    ),
  )
  const calls = (await readFile(log, 'utf8')).split('\n').filter((l) => l !== '')
  await rm(log, { force: true })
  return calls
}

describe('single-GPU hooks as a change (captured tree, temp-root host)', () => {
  it('captured tree: preview lists the three scripts 0755, the folders and the warnings; install, verify, release restores the host; undo removes every file and folder', async () => {
    const { app, hostId, machine } = await world()
    const preview = await call(app, 'passthrough.hooksPlan', { hostId, vm: VM, gpu: '01:00.0' })
    expect(preview.displayManager).toBe('lightdm.service')
    expect(preview.blockers).toEqual([])
    expect(preview.files.map((f) => [f.path, f.mode, f.before])).toEqual([
      [`${HOOKS}/qemu`, '0755', null],
      [`${HOOKS}/qemu.d/${VM}/prepare/begin/10-virtdeck-single-gpu`, '0755', null],
      [`${HOOKS}/qemu.d/${VM}/release/end/90-virtdeck-single-gpu`, '0755', null],
    ])
    expect(preview.folders[0]).toBe(HOOKS)
    expect(preview.folders).toHaveLength(7)
    expect(preview.warnings[0]).toMatch(/the host has NO display/)
    expect(preview.notes[0]).toMatch(/This host has 2 graphics cards/)
    expect(existsSync(machine.mapPath(HOOKS))).toBe(false)

    const change = await call(app, 'passthrough.hooksApply', { hostId, planId: preview.planId ?? '' })
    expect(change.capability).toBe('passthrough-hooks')
    expect(change.verification?.status).toBe('passed')
    for (const f of preview.files) {
      expect(await readFile(machine.mapPath(f.path), 'utf8')).toBe(f.after)
      expect((await stat(machine.mapPath(f.path))).mode & 0o777).toBe(0o755)
    }
    // Nothing ran while installing: the scripts only run when libvirt starts the VM.
    expect(existsSync(join(machine.root, 'pwned'))).toBe(false)

    const back = await runHook(machine, 'release', 'end')
    expect(back).toEqual([
      'virsh nodedev-reattach pci_0000_01_00_1',
      'virsh nodedev-reattach pci_0000_01_00_0',
      'modprobe nvidia_drm',
      'modprobe nvidia_uvm',
      'systemctl start lightdm.service',
    ])
    expect(await readFile(join(machine.root, '..', 'hook-sys/class/vtconsole/vtcon0/bind'), 'utf8')).toBe(
      '1\n',
    )

    const again = await call(app, 'passthrough.hooksPlan', { hostId, vm: VM, gpu: '01:00.0' })
    expect(again).toMatchObject({ planId: null, files: [], folders: [] })

    const undone = await call(app, 'changes.undo', { changeId: change.id, force: false })
    expect(undone.undo.removed.sort()).toEqual(preview.files.map((f) => f.path).sort())
    expect(existsSync(machine.mapPath(HOOKS))).toBe(false)
    // /etc/libvirt is there on every libvirt host; only the folders under it that the change made go.
    expect(existsSync(machine.mapPath('/etc/libvirt'))).toBe(true)
  })

  it('captured tree: a qemu hook of the user’s own is never replaced (blocker, nothing to apply)', async () => {
    const { app, hostId, machine } = await world()
    await machine.put(`${HOOKS}/qemu`, '#!/bin/sh\n# my own hook\n')
    const preview = await call(app, 'passthrough.hooksPlan', { hostId, vm: VM, gpu: '01:00.0' })
    expect(preview.planId).toBeNull()
    expect(preview.blockers[0]).toMatch(/already exists and is not VirtDeck's/)
    expect(await machine.get(`${HOOKS}/qemu`)).toBe('#!/bin/sh\n# my own hook\n')
  })

  it('captured tree without a display-manager link: blocked until the user names it; a bad unit name or VM name is refused', async () => {
    const { app, hostId, machine } = await world()
    await rm(machine.mapPath('/etc/systemd/system/display-manager.service'))
    const preview = await call(app, 'passthrough.hooksPlan', { hostId, vm: VM, gpu: '01:00.0' })
    expect(preview.blockers[0]).toMatch(/could not tell which display manager/)
    const named = await call(app, 'passthrough.hooksPlan', {
      hostId,
      vm: VM,
      gpu: '01:00.0',
      displayManager: 'sddm.service',
    })
    expect(named.files[2]?.after).toContain("systemctl start 'sddm.service'")
    expect(
      (
        await failure(
          call(app, 'passthrough.hooksPlan', { hostId, vm: VM, gpu: '01:00.0', displayManager: 'x; reboot' }),
        )
      ).code,
    ).toBe('INVALID_INPUT')
    expect(
      (await failure(call(app, 'passthrough.hooksPlan', { hostId, vm: '../etc', gpu: '01:00.0' }))).code,
    ).toBe('INVALID_INPUT')
  })
})
