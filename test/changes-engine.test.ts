import { mkdtempSync, statSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createApp } from '../src/main/app.js'
import type { App } from '../src/main/app.js'
import { createEphemeralCipher } from '../src/main/store/ephemeral-cipher.js'
import type { CallContext } from '../src/main/ipc/router.js'
import { readTextOrNull } from '../src/main/changes/host-files.js'
import { verification } from '../src/main/changes/verify.js'
import type { ChangePlanBase, PlannedDomainEdit } from '@shared/changes.js'
import { defineTiny, otherVirsh, removeDomain, uniqueName, waitFor } from './support/libvirt.js'
import { LabHost } from './support/lab-host.js'
import { TempRootHost } from './support/temp-root-host.js'
import { call, failure } from './support/router.js'

/**
 * The change engine on a LAB host: a TEMP-ROOT for files (a temp folder standing for "/") and the REAL
 * libvirtd (qemu:///system) for the VM half of a plan: one plan that writes /etc and redefines a
 * VM is applied, verified, recorded, undone after a restart and rolled back as one.
 */

const cleanup: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step()
})

const CONF = '/etc/virtdeck-engine-test.conf'
const key = Buffer.alloc(32, 4)

const context = (): CallContext => ({ signal: new AbortController().signal, progress: () => {} })

interface World {
  app: App
  hostId: string
  machine: TempRootHost
  vm: { name: string; uuid: string }
  restart(): Promise<App>
  /** A second VirtDeck process on the same profile (as the CLI is), with the same lab host. */
  another(): App
}

/** A saved host whose files are a temp root and whose libvirt is the real system daemon, with one tiny VM. */
async function world(): Promise<World> {
  const dataDir = mkdtempSync(join(tmpdir(), 'virtdeck-engine-'))
  let app = createApp({ dataDir, cipher: createEphemeralCipher(key), homeDir: dataDir })
  const saved = await call(app, 'hosts.add', {
    kind: 'local',
    name: 'Engine lab',
    libvirtUri: 'qemu:///system',
  })
  const machine = await TempRootHost.create({ id: saved.id })
  await machine.put('/proc/sys/kernel/random/boot_id', 'boot-1\n')
  await machine.put('/etc/hostname', 'lab\n')
  await machine.addStandIn('fail-cmd', 'exit 3')
  await machine.addStandIn('ok-cmd', 'exit 0')
  app.registry.register(saved.id, new LabHost(machine))
  const name = uniqueName('vd-engine')
  const uuid = await defineTiny(name)
  const w: World = {
    app,
    hostId: saved.id,
    machine,
    vm: { name, uuid },
    async restart() {
      await app.close()
      app = createApp({ dataDir, cipher: createEphemeralCipher(key), homeDir: dataDir })
      app.registry.register(saved.id, new LabHost(machine))
      registerTestCapability(app)
      w.app = app
      return app
    },
    another() {
      const other = createApp({ dataDir, cipher: createEphemeralCipher(key), homeDir: dataDir })
      other.registry.register(saved.id, new LabHost(machine))
      registerTestCapability(other)
      cleanup.push(() => other.close())
      return other
    },
  }
  registerTestCapability(app)
  cleanup.push(async () => {
    await removeDomain(uuid)
    await w.app.close()
    await rm(dataDir, { recursive: true, force: true })
    await rm(machine.base, { recursive: true, force: true })
  })
  return w
}

/** A capability's verify step: the conf file holds "tuned=1". */
function registerTestCapability(app: App): void {
  app.changes.register('engine-test', {
    verify: async (host, change) => {
      const text = (await readTextOrNull(host, CONF)) ?? ''
      const want = change.undoneAt === null
      return verification(host, change.applied, [
        {
          label: `${CONF} sets tuned=1`,
          ok: text.includes('tuned=1') === want,
          evidence: text || '(missing)',
        },
      ])
    },
  })
}

async function definition(uuid: string): Promise<string> {
  return otherVirsh(['dumpxml', '--inactive', '--domain', uuid])
}

async function plan(w: World, overrides: Partial<ChangePlanBase> = {}): Promise<ChangePlanBase> {
  const before = await definition(w.vm.uuid)
  const after = before.replace(/(<\/name>)/, '$1\n  <description>tuned by the engine test</description>')
  const edit: PlannedDomainEdit = {
    uuid: w.vm.uuid,
    name: w.vm.name,
    before,
    after,
    diff: '+  <description>tuned by the engine test</description>',
    historyReason: 'Before the engine test',
  }
  return {
    id: `plan-${Math.random()}`,
    hostId: w.hostId,
    createdAt: new Date().toISOString(),
    files: [{ path: CONF, before: null, after: 'tuned=1\n', diff: '+tuned=1' }],
    commands: [{ file: 'ok-cmd', args: ['--reload'], why: 'Reload the test service' }],
    domains: [edit],
    rebootRequired: false,
    blockers: [],
    notes: [],
    ...overrides,
  }
}

const HOW = {
  capability: 'engine-test',
  method: 'file+vm',
  summary: 'Engine test: a file and a VM as one change',
  action: 'engine-test.apply',
  target: 'engine test',
}

describe('change engine: one plan over /etc and a VM (temp root + real libvirtd)', () => {
  it('applies, verifies and records both; after a restart the Changes list shows it and undo restores both byte for byte', async () => {
    const w = await world()
    const original = await definition(w.vm.uuid)
    const stored = await w.app.changes.apply(w.hostId, await plan(w), HOW, context())
    expect(await w.machine.get(CONF)).toBe('tuned=1\n')
    expect(await definition(w.vm.uuid)).toContain('<description>tuned by the engine test</description>')
    expect(stored.verification).toMatchObject({ status: 'passed', bootId: 'boot-1' })
    expect(stored.applied.domains?.[0]).toMatchObject({
      name: w.vm.name,
      historyId: expect.any(Number) as unknown,
    })
    expect(await w.machine.standInCalls()).toEqual([{ name: 'ok-cmd', args: ['--reload'] }])

    const app = await w.restart()
    const listed = await call(app, 'changes.list', {})
    expect(listed.map((c) => [c.id, c.capability, c.hostName])).toEqual([
      [stored.id, 'engine-test', 'Engine lab'],
    ])
    expect(listed[0]).toMatchObject({
      files: [{ path: CONF, existedBefore: false, backupPath: null }],
      domains: [{ name: w.vm.name, uuid: w.vm.uuid }],
      verification: { status: 'passed' },
      undoneAt: null,
    })
    // Nothing of the VM's XML leaves main through the list; the diff does.
    expect(JSON.stringify(listed)).not.toContain('<domain')

    const undone = await call(app, 'changes.undo', { changeId: stored.id })
    expect(undone.undo).toMatchObject({ removed: [CONF], redefined: [w.vm.name] })
    expect(undone.undo.verification?.status).toBe('passed') // the test capability checks "tuned=1 gone"
    await expect(w.machine.get(CONF)).rejects.toThrow(/ENOENT/)
    expect(await definition(w.vm.uuid)).toBe(original)
    expect(undone.change.undoneAt).toEqual(expect.any(String))
    expect((await failure(call(app, 'changes.undo', { changeId: stored.id }))).code).toBe('CONFLICT')
    const audit = await call(app, 'audit.list', { limit: 10 })
    expect(audit.map((a) => a.action)).toContain('engine-test.undo')
  })

  it('the Changes page hears of a change: one of this process at once, one of another process (the CLI) within 2 s', async () => {
    const w = await world()
    const heard: { source: string; at: number }[] = []
    w.app.bus.subscribe((name, payload) => {
      if (name === 'changes.updated') heard.push({ ...(payload as { source: string }), at: Date.now() })
    })
    const stored = await w.app.changes.apply(w.hostId, await plan(w), HOW, context())
    expect(heard.map((h) => h.source)).toEqual(['this-process'])

    const cli = w.another()
    await call(cli, 'changes.undo', { changeId: stored.id })
    const undoneAt = Date.now()
    const external = await waitFor('the external write to be heard', 5000, () =>
      heard.find((h) => h.source === 'another-process'),
    )
    expect(external.at - undoneAt).toBeLessThan(2000)
    expect((await call(w.app, 'changes.get', { changeId: stored.id })).undoneAt).toEqual(expect.any(String))
  })

  it('a VM changed outside between preview and apply: CONFLICT, nothing written or defined', async () => {
    const w = await world()
    const previewed = await plan(w)
    await otherVirsh(['desc', '--domain', w.vm.uuid, '--config', '--new-desc', 'changed outside'])
    const outside = await definition(w.vm.uuid)
    const error = await failure(w.app.changes.apply(w.hostId, previewed, HOW, context()))
    expect(error.code).toBe('CONFLICT')
    expect(error.message).toContain(w.vm.name)
    await expect(w.machine.get(CONF)).rejects.toThrow(/ENOENT/)
    expect(await definition(w.vm.uuid)).toBe(outside)
    expect(w.machine.privilegedCalls).toEqual([])
    expect(await call(w.app, 'changes.list', { hostId: w.hostId })).toEqual([])
  })

  it('a command failing mid-way rolls back the file and the VM definition', async () => {
    const w = await world()
    await w.machine.put(CONF, 'tuned=0\n')
    const original = await definition(w.vm.uuid)
    const failing = await plan(w, {
      files: [{ path: CONF, before: 'tuned=0\n', after: 'tuned=1\n', diff: '-tuned=0\n+tuned=1' }],
      commands: [{ file: 'fail-cmd', args: [], why: 'A step that fails' }],
    })
    const error = await failure(w.app.changes.apply(w.hostId, failing, HOW, context()))
    expect(error.code).toBe('COMMAND_FAILED')
    expect(error.detail).toMatch(/files and VM definitions were restored/)
    expect(await w.machine.get(CONF)).toBe('tuned=0\n')
    expect(await definition(w.vm.uuid)).toBe(original)
    expect(await call(w.app, 'changes.list', { hostId: w.hostId })).toEqual([])
  })

  it('undo refuses to overwrite a later edit of the VM unless forced', async () => {
    const w = await world()
    const original = await definition(w.vm.uuid)
    const stored = await w.app.changes.apply(w.hostId, await plan(w), HOW, context())
    await otherVirsh(['desc', '--domain', w.vm.uuid, '--config', '--title', '--new-desc', 'later edit'])
    const error = await failure(call(w.app, 'changes.undo', { changeId: stored.id }))
    expect(error.code).toBe('CONFLICT')
    expect(error.detail).toContain(`VM ${w.vm.name}`)
    expect(await w.machine.get(CONF)).toBe('tuned=1\n') // nothing restored
    await call(w.app, 'changes.undo', { changeId: stored.id, force: true })
    expect(await definition(w.vm.uuid)).toBe(original)
  })

  it('backups: every folder level is 0700, also one an older version made 0755', async () => {
    const w = await world()
    await w.machine.put(CONF, 'tuned=0\n')
    await w.machine.put('/var/lib/virtdeck/.keep', '')
    const { chmod } = await import('node:fs/promises')
    await chmod(w.machine.mapPath('/var/lib/virtdeck'), 0o755)
    const stored = await w.app.changes.apply(
      w.hostId,
      await plan(w, {
        files: [{ path: CONF, before: 'tuned=0\n', after: 'tuned=1\n', diff: '' }],
        domains: [],
      }),
      HOW,
      context(),
    )
    const backup = stored.applied.backups[0]?.backupPath ?? ''
    expect(backup).toMatch(
      /^\/var\/lib\/virtdeck\/backups\/\d{8}T\d{6}Z-[0-9a-f-]+\/etc\/virtdeck-engine-test\.conf$/,
    )
    expect(await w.machine.get(backup)).toBe('tuned=0\n')
    const folder = backup.slice(0, -CONF.length)
    for (const level of ['/var/lib/virtdeck', '/var/lib/virtdeck/backups', folder, `${folder}/etc`])
      expect([level, statSync(w.machine.mapPath(level)).mode & 0o777]).toEqual([level, 0o700])
    expect((await call(w.app, 'changes.get', { changeId: stored.id })).backupFolder).toBe(folder)
  })

  it('a change that needs a reboot is pending until the host comes back with a new boot id, then verified by itself', async () => {
    const w = await world()
    const stored = await w.app.changes.apply(
      w.hostId,
      await plan(w, {
        files: [{ path: CONF, before: null, after: 'tuned=0\n', diff: '' }],
        domains: [],
        rebootRequired: true,
      }),
      HOW,
      context(),
    )
    expect(stored.verification?.status).toBe('pending-reboot')
    // "After the reboot": the state is there and the boot id differs; the host reconnects.
    await w.machine.put(CONF, 'tuned=1\n')
    await w.machine.put('/proc/sys/kernel/random/boot_id', 'boot-2\n')
    w.app.bus.emit('host.state', { hostId: w.hostId, state: { status: 'connected' } })
    const verified = await waitFor('the change to be verified', 5000, async () => {
      const change = await call(w.app, 'changes.get', { changeId: stored.id })
      return change.verification?.status === 'pending-reboot' ? undefined : change
    })
    expect(verified.verification).toMatchObject({ status: 'passed', bootId: 'boot-2' })
    await w.machine.put(CONF, 'broken\n')
    expect((await call(w.app, 'changes.verify', { changeId: stored.id })).verification?.status).toBe('failed')
  })

  it('keeps a VM console password through a change and its undo (issue 8: passwords are never lost)', async () => {
    const w = await world()
    const xml = (
      await otherVirsh(['dumpxml', '--inactive', '--security-info', '--domain', w.vm.uuid])
    ).replace(
      /<graphics type='vnc'[^>]*\/>|<graphics type='vnc'[^>]*>[\s\S]*?<\/graphics>/,
      "<graphics type='vnc' port='-1' autoport='yes' listen='127.0.0.1' passwd='s3cret'/>",
    )
    const dir = mkdtempSync(join(tmpdir(), 'virtdeck-engine-pw-'))
    const { writeFile } = await import('node:fs/promises')
    await writeFile(join(dir, 'd.xml'), xml)
    await otherVirsh(['define', '--file', join(dir, 'd.xml')])
    await rm(dir, { recursive: true, force: true })
    const secret = async (): Promise<string> =>
      otherVirsh(['dumpxml', '--inactive', '--security-info', '--domain', w.vm.uuid])
    expect(await secret()).toContain("passwd='s3cret'")
    const previewed = await plan(w)
    expect(previewed.domains?.[0]?.before).not.toContain('s3cret') // what main reads for a plan has no secret
    const stored = await w.app.changes.apply(w.hostId, previewed, HOW, context())
    expect(await secret()).toContain("passwd='s3cret'")
    expect(await secret()).toContain('<description>tuned by the engine test</description>')
    expect(JSON.stringify(await call(w.app, 'changes.get', { changeId: stored.id }))).not.toContain('s3cret')
    await call(w.app, 'changes.undo', { changeId: stored.id })
    expect(await secret()).toContain("passwd='s3cret'")
    expect(await secret()).not.toContain('<description>')
  })
})
