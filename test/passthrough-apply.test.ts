import { mkdtempSync } from 'node:fs'
import { mkdir, rm, symlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { passthroughCommand } from '../src/cli/passthrough.js'
import type { Output } from '../src/cli/output.js'
import { createApp } from '../src/main/app.js'
import type { App } from '../src/main/app.js'
import type { CallContext } from '../src/main/ipc/router.js'
import { PassthroughService } from '../src/main/passthrough/service.js'
import { createEphemeralCipher } from '../src/main/store/ephemeral-cipher.js'
import type { AppError } from '@shared/errors.js'
import { CAPTURES, capturedDevices, writePciTree } from './support/pci-tree.js'
import { TempRootHost } from './support/temp-root-host.js'
import { call, failure } from './support/router.js'

/**
 * Preparing a host for GPU passthrough through the change engine, on a TEMP-ROOT host (a temp folder
 * stands for "/") whose /sys and /proc are built from a CAPTURED tree (intel-z370-gt1030: GT 1030 +
 * audio to pass through, the UHD 630 iGPU drives the host's screen) and whose /etc holds a Debian-like
 * GRUB and initramfs-tools setup. update-grub and update-initramfs are recording stand-ins (the real
 * ones would rewrite this machine's boot); every other step is the real engine (backups, writes,
 * store, verify, undo). "The reboot" is a new boot id, the kernel parameters on /proc/cmdline and the
 * card's driver links moved to vfio-pci, as the kernel would show them.
 */

const key = Buffer.alloc(32, 7)
const GPU = '0000:01:00.0'
const AUDIO = '0000:01:00.1'
const GRUB = '/etc/default/grub'
const MODULES = '/etc/initramfs-tools/modules'
const VFIO = '/etc/modprobe.d/vfio.conf'
const GRUB_TEXT =
  'GRUB_DEFAULT=0\nGRUB_TIMEOUT=5\nGRUB_CMDLINE_LINUX_DEFAULT="quiet splash"\nGRUB_CMDLINE_LINUX=""\n'
const MODULES_TEXT = '# List of modules that you want to include in your initramfs.\n# Examples:\n# raid1\n'

const cleanup: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step()
})

const context = (): CallContext => ({ signal: new AbortController().signal, progress: () => {} })

interface World {
  app: App
  hostId: string
  machine: TempRootHost
  service: PassthroughService
}

async function world(): Promise<World> {
  const dataDir = mkdtempSync(join(tmpdir(), 'virtdeck-pt-apply-'))
  const app = createApp({ dataDir, cipher: createEphemeralCipher(key), homeDir: dataDir })
  const saved = await call(app, 'hosts.add', {
    kind: 'local',
    name: 'GPU lab',
    libvirtUri: 'test:///default',
  })
  const machine = await TempRootHost.create({ id: saved.id })
  const spec = CAPTURES['intel-z370-gt1030']
  await writePciTree(machine.root, capturedDevices(spec), spec)
  await machine.put('/proc/sys/kernel/random/boot_id', 'boot-1\n')
  await machine.put(GRUB, GRUB_TEXT)
  await machine.put(MODULES, MODULES_TEXT)
  await machine.put('/usr/sbin/update-grub', '')
  await mkdir(machine.mapPath('/etc/modprobe.d'), { recursive: true })
  await machine.addStandIn('update-grub')
  await machine.addStandIn('update-initramfs')
  // The readers' sh scripts see the tree at its real path; readFile maps paths under the temp root,
  // so the real path inside the temp root leads back to it.
  await mkdir(join(machine.root, dirname(machine.root)), { recursive: true })
  await symlink(machine.root, join(machine.root, machine.root))
  app.registry.register(saved.id, machine)
  const service = new PassthroughService({
    registry: app.registry,
    changes: app.changes,
    readRoot: () => machine.root,
  })
  cleanup.push(async () => {
    await app.close()
    await rm(dataDir, { recursive: true, force: true })
    await machine.dispose()
  })
  return { app, hostId: saved.id, machine, service }
}

/** What the kernel shows after booting with the change: new boot id, parameters, card on vfio-pci. */
async function reboot(machine: TempRootHost): Promise<void> {
  await machine.put('/proc/sys/kernel/random/boot_id', 'boot-2\n')
  await machine.put(
    '/proc/cmdline',
    'BOOT_IMAGE=/vmlinuz root=/dev/sda2 ro quiet splash intel_iommu=on iommu=pt\n',
  )
  await mkdir(join(machine.root, 'sys/bus/pci/drivers/vfio-pci'), { recursive: true })
  for (const address of [GPU, AUDIO]) {
    const link = join(machine.root, `sys/devices/pci0000:00/${address}/driver`)
    await rm(link, { force: true })
    // An absolute link inside the temp root (sysfs uses a relative one; the reader resolves both).
    await symlink(join(machine.root, 'sys/bus/pci/drivers/vfio-pci'), link)
  }
}

describe('passthrough host plan through the change engine (captured tree, temp-root host)', () => {
  it('captured tree on a temp root: apply writes the files, runs update-grub and update-initramfs as root, pending until the reboot; verified after it; undo restores every byte', async () => {
    const { app, hostId, machine, service } = await world()
    const plan = await service.plan(hostId, GPU)
    expect(plan.blockers).toEqual([])
    expect(plan.planId).not.toBeNull()
    expect(plan.files.map((f) => f.path).sort()).toEqual([GRUB, MODULES, VFIO].sort())
    expect(plan.commands.map((c) => c.file)).toEqual(['update-grub', 'update-initramfs'])

    const change = await service.apply(hostId, plan.planId ?? '', context())
    expect(change.capability).toBe('passthrough')
    expect(change.rebootRequired).toBe(true)
    expect(await machine.get(GRUB)).toContain('intel_iommu=on')
    expect(await machine.get(GRUB)).toContain('iommu=pt')
    expect(await machine.get(VFIO)).toContain('options vfio-pci ids=10de:')
    expect(await machine.get(MODULES)).toMatch(/^vfio_pci$/m)
    const privileged = machine.privilegedCalls.map((c) => c.file)
    expect(privileged).toContain('update-grub')
    expect(privileged).toContain('update-initramfs')
    expect((await machine.standInCalls()).map((c) => [c.name, ...c.args])).toEqual([
      ['update-grub'],
      ['update-initramfs', '-u', '-k', 'all'],
    ])

    const listed = await call(app, 'changes.list', { hostId, capability: 'passthrough' })
    expect(listed.map((c) => c.id)).toEqual([change.id])
    expect(listed[0]?.verification?.status).toBe('pending-reboot')

    // A second plan after apply changes nothing.
    const again = await service.plan(hostId, GPU)
    expect(again.files).toEqual([])
    expect(again.commands).toEqual([])
    expect(again.planId).toBeNull()

    await reboot(machine)
    const verified = await call(app, 'changes.verify', { changeId: change.id })
    expect(verified.verification?.status).toBe('passed')
    expect(verified.verification?.checks.map((c) => c.ok)).toEqual([true, true, true, true])
    expect(verified.verification?.checks.find((c) => c.label.includes('vfio-pci'))?.evidence).toContain(
      `${AUDIO}: vfio-pci`,
    )

    const undone = await call(app, 'changes.undo', { changeId: change.id, force: false })
    expect(undone.undo.restored.sort()).toEqual([GRUB, MODULES].sort())
    expect(undone.undo.removed).toEqual([VFIO])
    // Right after the undo the card is still on vfio-pci (until the next boot): not a failure.
    expect(undone.undo.verification?.checks.map((c) => c.ok)).toEqual([null])
    expect(undone.undo.verification?.status).toBe('unknown')
    expect(await machine.get(GRUB)).toBe(GRUB_TEXT)
    expect(await machine.get(MODULES)).toBe(MODULES_TEXT)
    await expect(machine.get(VFIO)).rejects.toThrow()
    expect((await machine.standInCalls()).map((c) => c.name)).toEqual([
      'update-grub',
      'update-initramfs',
      'update-grub',
      'update-initramfs',
    ])
    expect((await call(app, 'changes.get', { changeId: change.id })).undoneAt).not.toBeNull()

    // The next boot without the change: the card is off vfio-pci again.
    await machine.put('/proc/sys/kernel/random/boot_id', 'boot-3\n')
    for (const address of [GPU, AUDIO])
      await rm(join(machine.root, `sys/devices/pci0000:00/${address}/driver`))
    const after = await call(app, 'changes.verify', { changeId: change.id })
    expect(after.verification?.status).toBe('passed')
    expect(after.verification?.checks[0]?.label).toBe('01:00.0 is no longer bound to vfio-pci')
  })

  it('captured tree on a temp root: a file changed between plan and apply is a CONFLICT and nothing is written', async () => {
    const { app, hostId, machine, service } = await world()
    const plan = await service.plan(hostId, GPU)
    const edited = `${GRUB_TEXT}# edited by hand meanwhile\n`
    await machine.put(GRUB, edited)
    const error = await failure(service.apply(hostId, plan.planId ?? '', context()))
    expect(error.code).toBe('CONFLICT')
    expect(await machine.get(GRUB)).toBe(edited)
    expect(await machine.get(MODULES)).toBe(MODULES_TEXT)
    await expect(machine.get(VFIO)).rejects.toThrow()
    expect(await machine.standInCalls()).toEqual([])
    expect(await call(app, 'changes.list', { hostId })).toEqual([])
    // The refused plan is gone: applying it again says to preview again.
    expect((await failure(service.apply(hostId, plan.planId ?? '', context()))).code).toBe('NOT_FOUND')
  })

  it('virtdeck passthrough apply refuses --root, a missing --gpu and a hostile address before reading or changing anything', async () => {
    const { app, machine } = await world()
    const printed: string[] = []
    const out: Output = { json: false, result: (_v, text) => printed.push(text()), info: () => undefined }
    const run = (argv: string[]): Promise<AppError> => failure(passthroughCommand(app, argv, out))
    expect((await run(['apply', '--gpu', '01:00.0', '--root', machine.root, '--yes'])).message).toContain(
      'drop --root',
    )
    expect((await run(['apply', '--yes'])).message).toContain('say --gpu')
    for (const hostile of ['01:00.0; touch /tmp/pwned', '$(reboot)', '01:00.0\nrm -rf /', '０１:00.0']) {
      const error = await run(['apply', '--gpu', hostile, '--yes'])
      expect(error.code).toBe('INVALID_INPUT')
      expect(error.message).toContain('is not a PCI address')
    }
    expect(printed).toEqual([])
    expect(machine.privilegedCalls).toEqual([])
  })
})
