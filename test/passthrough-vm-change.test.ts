import { mkdtempSync } from 'node:fs'
import { mkdir, rm, symlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../src/main/app.js'
import type { App } from '../src/main/app.js'
import { createEphemeralCipher } from '../src/main/store/ephemeral-cipher.js'
import type { PassthroughVmPlanInput } from '@shared/passthrough-vm.js'
import { defineGamingDomain } from './support/gaming-domain.js'
import { HOSTILE, otherVirsh, removeDomain, uniqueName } from './support/libvirt.js'
import { call, failure } from './support/router.js'
import { DEFAULT_TOOLS, TempRootHost } from './support/temp-root-host.js'

/**
 * A VM configured for GPU passthrough as ONE change, on the REAL qemu:///system (the domain is defined,
 * never started: no GPU exists here, libvirt turns the vfio hostdev into `-device vfio-pci` without
 * touching a device) and a TEMP-ROOT host for the host side (the Looking Glass tmpfiles.d file lands
 * in a temp folder standing for "/"). Preview (XML diff + domxml-to-native), apply, verify, undo byte
 * for byte, CONFLICT on an outside edit, hostile input refused before anything runs.
 */

const TMPFILES = '/etc/tmpfiles.d/10-looking-glass.conf'
let app: App
let machine: TempRootHost
let hostId = ''
let dataDir = ''
const domains: string[] = []

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'virtdeck-pt-vm-'))
  app = createApp({ dataDir, cipher: createEphemeralCipher(Buffer.alloc(32, 3)), homeDir: dataDir })
  hostId = (await call(app, 'hosts.add', { kind: 'local', name: 'GPU box', libvirtUri: 'qemu:///system' })).id
  machine = await TempRootHost.create({ id: hostId, tools: [...DEFAULT_TOOLS, 'mktemp', 'id'] })
  // virsh runs for real and reads the temp files libvirt's connection writes: the temp root's /tmp is the real one.
  await symlink('/tmp', join(machine.root, 'tmp'))
  // As on any systemd host: the folder exists, the file does not.
  await mkdir(machine.mapPath('/etc/tmpfiles.d'), { recursive: true })
  app.registry.register(hostId, machine)
}, 30_000)

afterAll(async () => {
  for (const uuid of domains) await removeDomain(uuid)
  await app?.close()
  await machine?.dispose()
  await rm(dataDir, { recursive: true, force: true })
})

async function gamingVm(): Promise<string> {
  const name = uniqueName('vd-ptvm')
  domains.push(await defineGamingDomain(name))
  return name
}

function input(vm: string): PassthroughVmPlanInput {
  return {
    hostId,
    vm,
    options: {
      functions: ['01:00.0', '01:00.1'],
      romFile: '/var/lib/libvirt/vbios/gt1030.rom',
      code43: { vendorId: 'virtdeck0000' },
      lookingGlass: { width: 2560, height: 1440 },
      evdev: {
        keyboard: '/dev/input/by-id/usb-Kbd-event-kbd',
        mouse: '/dev/input/by-id/usb-Mouse-event-mouse',
        grabToggle: 'ctrl-ctrl',
      },
    },
    tuning: ['cpu-mode'],
    lookingGlassUser: 'gamer',
  }
}

describe('passthrough VM configuration through the change engine (real qemu:///system, temp-root host)', () => {
  it('preview: XML diff with hostdevs, Code 43, shmem, evdev and host-passthrough; QEMU line with vfio-pci; the tmpfiles.d file', async () => {
    const vm = await gamingVm()
    const preview = await call(app, 'passthrough.vmPlan', input(vm))
    expect(preview.problems).toEqual([])
    expect(preview.valid).toBe(true)
    expect(preview.problems).toEqual([])
    expect(preview.planId).not.toBeNull()
    expect(preview.xmlDiff).toContain("+    <hostdev mode='subsystem' type='pci' managed='yes'>")
    expect(preview.xmlDiff).toMatch(/^\+.*<driver name='vfio'\/>/m)
    expect(preview.xmlDiff).toMatch(/^\+.*<vendor_id state='on' value='virtdeck0000'\/>/m)
    expect(preview.xmlDiff).toMatch(/^\+.*<hidden state='on'\/>/m)
    expect(preview.xmlDiff).toMatch(/^\+.*<shmem name='looking-glass'>/m)
    expect(preview.xmlDiff).toMatch(/^\+.*<rom file='\/var\/lib\/libvirt\/vbios\/gt1030.rom'\/>/m)
    expect(preview.xmlDiff).toMatch(/^\+.*grabToggle='ctrl-ctrl'/m)
    expect(preview.xmlDiff).toMatch(/^\+.*<cpu mode='host-passthrough'/m)
    expect(preview.tuning.applied).toEqual(['cpu-mode'])
    expect(preview.lookingGlass).toMatchObject({ sizeMiB: 64, user: 'gamer' })
    expect(preview.code43).toMatch(/before R465/)
    expect(preview.files).toEqual([
      expect.objectContaining({
        path: TMPFILES,
        diff: expect.stringContaining('+f /dev/shm/looking-glass 0660 gamer kvm -'),
      }),
    ])
    expect(preview.qemuLine.available).toBe(true)
    const vfio = preview.qemuLine.added.filter((u) => u.includes('"driver":"vfio-pci"'))
    expect(vfio).toHaveLength(2)
    expect(vfio[0]).toContain('"host":"0000:01:00.0"')
    expect(vfio[0]).toContain('"romfile":"/var/lib/libvirt/vbios/gt1030.rom"')
    expect(vfio[1]).toContain('"host":"0000:01:00.1"')
    // Nothing changed yet.
    expect(await otherVirsh(['dumpxml', '--domain', vm, '--inactive'])).not.toContain('<hostdev')
    await expect(machine.get(TMPFILES)).rejects.toThrow()
  })

  it('apply: definition and tmpfiles.d as one change, verified; a second preview is empty; undo restores the definition line for line and removes the file', async () => {
    const vm = await gamingVm()
    const before = await otherVirsh(['dumpxml', '--domain', vm, '--inactive'])
    const preview = await call(app, 'passthrough.vmPlan', input(vm))
    const change = await call(app, 'passthrough.vmApply', { hostId, planId: preview.planId ?? '' })
    expect(change.capability).toBe('passthrough-vm')
    expect(change.verification?.status).toBe('passed')
    const after = await otherVirsh(['dumpxml', '--domain', vm, '--inactive'])
    expect(after.match(/<hostdev /g)).toHaveLength(2)
    expect(after).toContain("<hidden state='on'/>")
    expect(await machine.get(TMPFILES)).toContain('f /dev/shm/looking-glass 0660 gamer kvm -')

    const again = await call(app, 'passthrough.vmPlan', input(vm))
    expect(again).toMatchObject({ changed: false, planId: null, xmlDiff: '', files: [] })

    // A start attempt makes libvirt save the definition again (sorting controllers); the change must
    // still read as VirtDeck left it (root port and shmem placed where libvirt keeps them).
    await expect(otherVirsh(['start', '--domain', vm])).rejects.toThrow(/VFIO/)
    const undone = await call(app, 'changes.undo', { changeId: change.id, force: false })
    expect(undone.undo.removed).toEqual([TMPFILES])
    expect(undone.undo.verification?.status).toBe('passed')
    // libvirt defines the saved definition again and lists controllers in its own order (the USB and
    // SATA controllers move after the root port the edit had added): the same lines, every one of them.
    const restored = await otherVirsh(['dumpxml', '--domain', vm, '--inactive'])
    expect(restored.split('\n').sort()).toEqual(before.split('\n').sort())
    expect(restored).not.toContain('<hostdev')
    await expect(machine.get(TMPFILES)).rejects.toThrow()
  })

  it('a VM changed outside between preview and apply: CONFLICT, nothing written', async () => {
    const vm = await gamingVm()
    const preview = await call(app, 'passthrough.vmPlan', input(vm))
    await otherVirsh(['desc', '--domain', vm, '--config', '--new-desc', 'edited elsewhere'])
    const error = await failure(call(app, 'passthrough.vmApply', { hostId, planId: preview.planId ?? '' }))
    expect(error.code).toBe('CONFLICT')
    expect(await otherVirsh(['dumpxml', '--domain', vm, '--inactive'])).not.toContain('<hostdev')
    await expect(machine.get(TMPFILES)).rejects.toThrow()
  })

  it('hostile input is refused before anything runs: a VM name is looked up, never executed; bad users and ROM paths fail validation', async () => {
    const error = await failure(call(app, 'passthrough.vmPlan', { ...input('x'), vm: `vd-ptvm${HOSTILE}` }))
    expect(error.code).toBe('NOT_FOUND')
    const user = await failure(
      call(app, 'passthrough.vmPlan', { ...input('x'), lookingGlassUser: 'a;$(id)' }),
    )
    expect(user.code).toBe('INVALID_INPUT')
    const rom = await failure(
      call(app, 'passthrough.vmPlan', {
        ...input('x'),
        options: { ...input('x').options, romFile: "/x'$(reboot)" },
      }),
    )
    expect(rom.code).toBe('INVALID_INPUT')
  })
})
