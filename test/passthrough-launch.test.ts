import { mkdtempSync } from 'node:fs'
import { mkdir, symlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../src/main/app.js'
import type { App } from '../src/main/app.js'
import type { CallContext } from '../src/main/ipc/router.js'
import { PassthroughLaunchService } from '../src/main/passthrough/launch.js'
import { createEphemeralCipher } from '../src/main/store/ephemeral-cipher.js'
import type { PassthroughLaunchReport } from '@shared/passthrough-vm.js'
import { defineGamingDomain } from './support/gaming-domain.js'
import { defineTiny, otherVirsh, removeDomain, uniqueName, waitFor } from './support/libvirt.js'
import { passthroughMachine, passthroughReboot } from './support/passthrough-machine.js'
import { call, failure } from './support/router.js'
import type { TempRootHost } from './support/temp-root-host.js'

/**
 * "Start gaming VM" on the REAL qemu:///system with a TEMP-ROOT host whose sysfs is the CAPTURED
 * intel-z370-gt1030 tree (no GPU exists here): pre-flight refuses before the reboot (the card is not
 * on vfio-pci, no Looking Glass file) and starts nothing; after "the reboot" pre-flight passes and
 * libvirt's own refusal (the card is not in this machine) is reported as it is. The watch of the
 * first minute runs on a real tiny TCG domain, stopped from outside while watched.
 */

let app: App
let machine: TempRootHost
let hostId = ''
const domains: string[] = []

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'virtdeck-pt-launch-'))
  let root = ''
  app = createApp({
    dataDir,
    cipher: createEphemeralCipher(Buffer.alloc(32, 5)),
    homeDir: dataDir,
    passthroughReadRoot: () => root,
  })
  hostId = (await call(app, 'hosts.add', { kind: 'local', name: 'Rig', libvirtUri: 'qemu:///system' })).id
  machine = await passthroughMachine(hostId)
  root = machine.root
  // The domain's log is libvirt's real one.
  await mkdir(join(machine.root, 'var/log'), { recursive: true })
  await symlink('/var/log/libvirt', join(machine.root, 'var/log/libvirt'))
  app.registry.register(hostId, machine)
}, 30_000)

afterAll(async () => {
  for (const uuid of domains) await removeDomain(uuid)
  await app?.close()
  await machine?.dispose()
})

async function configuredVm(lookingGlass: boolean): Promise<string> {
  const vm = uniqueName('vd-ptlaunch')
  domains.push(await defineGamingDomain(vm))
  const plan = await call(app, 'passthrough.vmPlan', {
    hostId,
    vm,
    options: {
      functions: ['01:00.0', '01:00.1'],
      ...(lookingGlass ? { lookingGlass: { width: 1920, height: 1080 } } : {}),
    },
    lookingGlassUser: 'gamer',
  })
  await call(app, 'passthrough.vmApply', { hostId, planId: plan.planId ?? '' })
  return vm
}

describe('Start gaming VM (captured tree, real qemu:///system)', () => {
  it('captured tree before the reboot: pre-flight names the card on its host driver and the missing Looking Glass file; nothing starts', async () => {
    const vm = await configuredVm(true)
    const progress: unknown[] = []
    const report = await call(app, 'passthrough.launch', { hostId, vm, watchSeconds: 5 }, progress as never)
    expect(report.started).toBe(false)
    expect(report.preflight.map((c) => [c.label, c.ok])).toEqual([
      ['Every passed-through function is on vfio-pci', false],
      ['The IOMMU group is viable', true],
      ['The Looking Glass file is writable by QEMU', false],
    ])
    expect(report.preflight[0]?.evidence).toMatch(/01:00\.0: .* — apply the host plan and reboot/)
    expect(report.preflight[2]?.evidence).toMatch(
      /\/dev\/shm\/looking-glass does not exist: sudo systemd-tmpfiles --create/,
    )
    expect(report.verdict).toMatch(
      /^Not started: Every passed-through function is on vfio-pci; The Looking Glass file/,
    )
    expect((await otherVirsh(['domstate', '--domain', vm])).trim()).toBe('shut off')
  })

  it('captured tree after the reboot: pre-flight passes, libvirt refuses (no VFIO on this machine) and the verdict says what that means and what to do', async () => {
    await passthroughReboot(machine)
    const vm = await configuredVm(false)
    const report = await call(app, 'passthrough.launch', { hostId, vm, watchSeconds: 5 })
    expect(report.preflight.every((c) => c.ok)).toBe(true)
    expect(report.started).toBe(false)
    expect(report.startError).toMatch(/host doesn't support VFIO PCI passthrough/)
    expect(report.problems.map((p) => p.id)).toEqual(['no-vfio-host'])
    expect(report.verdict).toMatch(new RegExp(`^${vm} did not start: libvirt finds no VFIO on this host`))
    expect((await otherVirsh(['domstate', '--domain', vm])).trim()).toBe('shut off')
  })

  it('a VM without a passed-through device is refused before anything starts; an unknown VM is NOT_FOUND', async () => {
    const vm = uniqueName('vd-ptlaunch')
    domains.push(await defineTiny(vm))
    const report = await call(app, 'passthrough.launch', { hostId, vm, watchSeconds: 5 })
    expect(report.preflight).toEqual([
      expect.objectContaining({ ok: false, evidence: expect.stringMatching(/No <hostdev>/) }),
    ])
    const missing = await failure(
      call(app, 'passthrough.launch', { hostId, vm: `${vm}-gone $(id)`, watchSeconds: 5 }),
    )
    expect(missing.code).toBe('NOT_FOUND')
  })

  it('the watch on a real running domain: states while it runs; stopped from outside → the verdict says it stopped', async () => {
    const vm = uniqueName('vd-ptwatch')
    domains.push(await defineTiny(vm))
    await otherVirsh(['start', '--domain', vm])
    const conn = await app.libvirt.get(hostId)
    const service = new PassthroughLaunchService({ connection: async () => conn, pollMs: 300 })
    const report: PassthroughLaunchReport = {
      hostId,
      vm,
      preflight: [],
      started: true,
      states: [],
      problems: [],
      verdict: '',
      ok: false,
    }
    const context: CallContext = { signal: new AbortController().signal, progress: () => {} }
    setTimeout(() => void otherVirsh(['destroy', '--domain', vm]), 1200)
    const t0 = Date.now()
    await service.watch(conn, report, 20, async () => '', context)
    expect(Date.now() - t0).toBeLessThan(8000)
    expect(report.states[0]?.state).toBe('running')
    // libvirt says "in shutdown" for a moment while the process goes away, then "shut off".
    expect(report.states.at(-1)?.state).toMatch(/^(shut off|in shutdown)$/)
    expect(report.verdict).toMatch(new RegExp(`^${vm} stopped after [0-9.]+ s \\((shut off|in shutdown)\\)`))
    await waitFor('shut off', 10_000, async () =>
      (await otherVirsh(['domstate', '--domain', vm])).trim() === 'shut off' ? true : undefined,
    )

    const quiet: PassthroughLaunchReport = { ...report, states: [], verdict: '' }
    await otherVirsh(['start', '--domain', vm])
    await service.watch(conn, quiet, 1, async () => '', context)
    expect(quiet.states.every((s) => s.state === 'running')).toBe(true)
    expect(quiet.verdict).toMatch(/has been running for [0-9.]+ s with no vfio error in its log/)
    expect(quiet.ok).toBe(true)
  }, 30_000)
})
