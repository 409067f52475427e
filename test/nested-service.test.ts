import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { createApp } from '../src/main/app.js'
import type { App } from '../src/main/app.js'
import { createEphemeralCipher } from '../src/main/store/ephemeral-cipher.js'
import { NESTED_CONF_PATH } from '../src/main/nested/nested-conf.js'
import type { Progress } from '@shared/protocol.js'
import { TempRootHost } from './support/temp-root-host.js'
import { runVirtdeck } from './support/cli.js'
import { call, failure } from './support/router.js'

/**
 * nested.status / plan / apply / undo / changes through the app's router, against a TEMP-ROOT host
 * registered for a saved host (the registry's test seam): real files under a temp folder standing
 * for "/", real cp/tee/rm, libvirt's real test driver for running VMs, stand-in scripts for
 * modprobe, update-grub and xl (they cannot run here) acting on the temp root. The store and the
 * audit log are the real SQLite files, reopened to check that Undo works after a restart.
 */

const repoRoot = fileURLToPath(new URL('..', import.meta.url))
const shared = (path: string): string =>
  readFileSync(join(repoRoot, 'test', 'fixtures', 'hosts', path), 'utf8')
const FLAGS = shared('cpuinfo-flags/intel-i7-960-nehalem-host-vmx-ept.txt')
const GRUB = shared('grub/elementary-amd-iommu-pt-etc-default-grub.txt')
const XEN_GUEST = readFileSync(
  fileURLToPath(new URL('./fixtures/nested/win10-hvm.cfg', import.meta.url)),
  'utf8',
)

/** modprobe as seen from sysfs: -r fails while the module is in use; loading reads modprobe.d for nested. */
const MODPROBE = `R="$VIRTDECK_TEST_ROOT"
if [ "$1" = "-r" ]; then
  if [ "$(cat "$R/sys/module/$2/refcnt")" != "0" ]; then echo "modprobe: FATAL: Module $2 is in use." >&2; exit 1; fi
  rm -rf "$R/sys/module/$2"; exit 0
fi
m="$1"; dashed=$(printf '%s' "$m" | tr _ -)
mkdir -p "$R/sys/module/$m/parameters"; echo live > "$R/sys/module/$m/initstate"; echo 0 > "$R/sys/module/$m/refcnt"
if cat "$R"/etc/modprobe.d/*.conf 2>/dev/null | grep -Eq "^options ($m|$dashed) (.* )?nested=(1|Y|y)"; then echo Y; else echo N; fi > "$R/sys/module/$m/parameters/nested"`

const cleanup: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step()
})

interface World {
  dataDir: string
  key: Buffer
  app: App
  hostId: string
  machine: TempRootHost
  /** Closes the app and opens a new one on the same data folder, with the same machine registered. */
  restart(): Promise<App>
}

/** A Debian-like Intel machine with kvm_intel loaded, nested off, no running VM (or `libvirtUri`'s VMs). */
async function world(options: { libvirtUri?: string } = {}): Promise<World> {
  const dataDir = mkdtempSync(join(tmpdir(), 'virtdeck-nested-'))
  const key = Buffer.alloc(32, 9)
  let app = createApp({ dataDir, cipher: createEphemeralCipher(key), homeDir: dataDir })
  const noVms = join(dataDir, 'no-vms.xml')
  await writeFile(noVms, '<node/>\n')
  const saved = await call(app, 'hosts.add', {
    kind: 'local',
    name: 'Lab machine',
    libvirtUri: options.libvirtUri ?? `test://${noVms}`,
  })
  const machine = await TempRootHost.create({ id: saved.id })
  await machine.put(
    '/proc/cpuinfo',
    `processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Core(TM) i7 CPU 960\n${FLAGS}\n`,
  )
  await machine.put('/proc/cmdline', 'BOOT_IMAGE=/boot/vmlinuz-6.1.0-18-amd64 root=UUID=0000 ro quiet\n')
  await machine.put('/sys/module/kvm_intel/initstate', 'live\n')
  await machine.put('/sys/module/kvm_intel/refcnt', '0\n')
  await machine.put('/sys/module/kvm_intel/parameters/nested', 'N\n')
  await machine.put('/etc/modprobe.d/alsa-base.conf', 'options snd-hda-intel model=auto\n')
  await machine.put('/etc/default/grub', GRUB)
  await machine.addStandIn('modprobe', MODPROBE)
  await machine.addStandIn('update-grub', 'exit 0')
  app.registry.register(saved.id, machine)
  const w: World = {
    dataDir,
    key,
    app,
    hostId: saved.id,
    machine,
    async restart() {
      await app.close()
      app = createApp({ dataDir, cipher: createEphemeralCipher(key), homeDir: dataDir })
      app.registry.register(saved.id, machine)
      w.app = app
      return app
    },
  }
  cleanup.push(async () => {
    await w.app.close()
    await machine.dispose()
    await rm(dataDir, { recursive: true, force: true })
  })
  return w
}

describe('nested virtualization through the router (temp-root host, real store)', () => {
  it('status → preview → apply → restart → changes → undo, audited and recorded', async () => {
    const w = await world()
    const before = await call(w.app, 'nested.status', { hostId: w.hostId })
    expect(before).toMatchObject({
      vendor: 'intel',
      module: 'kvm_intel',
      moduleLoaded: true,
      nestedNow: 'N',
      persistent: [],
      persistentEnabled: null,
      runningVms: [],
    })
    expect(before.bootloader?.kind).toBe('grub')
    expect(before.xen.isXen).toBe(false)

    const plan = await call(w.app, 'nested.plan', { hostId: w.hostId, method: 'modprobe' })
    expect(plan).toMatchObject({
      hostId: w.hostId,
      method: 'modprobe',
      vendor: 'intel',
      blockers: [],
      rebootRequired: false,
    })
    expect(plan.files.map((f) => f.path)).toEqual([NESTED_CONF_PATH])
    expect(plan.files[0]?.diff).toContain('+options kvm-intel nested=1')
    expect(plan.commands.map((c) => [c.file, ...c.args])).toEqual([
      ['modprobe', '-r', 'kvm_intel'],
      ['modprobe', 'kvm_intel'],
    ])
    expect(w.machine.privilegedCalls).toEqual([]) // a preview changes nothing

    const progress: Progress[] = []
    const applied = await call(w.app, 'nested.apply', { hostId: w.hostId, planId: plan.id }, progress)
    expect(await w.machine.get(NESTED_CONF_PATH)).toContain('options kvm-intel nested=1')
    expect(applied.applied.result.nestedNow).toBe('Y')
    expect(applied.status).toMatchObject({ nestedNow: 'Y', persistentEnabled: true })
    expect(applied.status.persistent).toEqual([
      expect.objectContaining({ kind: 'modprobe', path: NESTED_CONF_PATH, enabled: true }),
    ])
    expect(applied.change).toMatchObject({
      method: 'modprobe',
      undoneAt: null,
      files: [{ path: NESTED_CONF_PATH, existedBefore: false, backupPath: null }],
    })
    expect(progress.map((p) => p.message)).toContain('Done')
    // A plan applies once.
    expect((await failure(call(w.app, 'nested.apply', { hostId: w.hostId, planId: plan.id }))).code).toBe(
      'NOT_FOUND',
    )

    const app = await w.restart()
    const changes = await call(app, 'nested.changes', { hostId: w.hostId })
    expect(changes).toEqual([
      expect.objectContaining({
        id: applied.change.id,
        undoneAt: null,
        summary: expect.stringContaining('kvm_intel') as unknown,
      }),
    ])
    expect(app.store.changes.backups(applied.change.id)).toEqual([
      { path: NESTED_CONF_PATH, backupPath: null, existedBefore: false },
    ])

    const undone = await call(app, 'nested.undo', { hostId: w.hostId, changeId: applied.change.id })
    expect(undone.undo).toMatchObject({ removed: [NESTED_CONF_PATH], nestedNow: 'N' })
    expect(undone.status).toMatchObject({ nestedNow: 'N', persistent: [] })
    await expect(w.machine.get(NESTED_CONF_PATH)).rejects.toThrow(/ENOENT/)
    expect((await call(app, 'nested.changes', { hostId: w.hostId }))[0]?.undoneAt).toEqual(expect.any(String))
    expect(
      (await failure(call(app, 'nested.undo', { hostId: w.hostId, changeId: applied.change.id }))).code,
    ).toBe('CONFLICT')

    const audit = await call(app, 'audit.list', { limit: 20 })
    expect(
      audit.filter((a) => a.action.startsWith('nested.')).map((a) => [a.action, a.outcome, a.hostId]),
    ).toEqual([
      ['nested.undo', 'failed', w.hostId],
      ['nested.undo', 'ok', w.hostId],
      ['nested.apply.modprobe', 'ok', w.hostId],
    ])
  })

  it('refuses to apply while VMs run, naming them, and writes nothing (libvirt test driver: "test" runs)', async () => {
    const w = await world({ libvirtUri: 'test:///default' })
    const status = await call(w.app, 'nested.status', { hostId: w.hostId })
    expect(status.runningVms).toEqual(['test'])
    const plan = await call(w.app, 'nested.plan', { hostId: w.hostId, method: 'modprobe' })
    expect(plan.blockers).toEqual([expect.stringContaining('Running VMs use kvm_intel: test.') as unknown])
    const error = await failure(call(w.app, 'nested.apply', { hostId: w.hostId, planId: plan.id }))
    expect(error).toMatchObject({ code: 'CONFLICT' })
    expect(error.detail).toContain('test')
    expect(w.machine.privilegedCalls).toEqual([])
    await expect(w.machine.get(NESTED_CONF_PATH)).rejects.toThrow(/ENOENT/)
    const audit = await call(w.app, 'audit.list', { limit: 5 })
    expect(audit[0]).toMatchObject({ action: 'nested.apply.modprobe', outcome: 'failed' })
  })

  it('CONFLICT when a file changed since the preview; unknown or foreign plans are refused', async () => {
    const w = await world()
    const plan = await call(w.app, 'nested.plan', { hostId: w.hostId, method: 'grub' })
    expect(plan).toMatchObject({ method: 'grub', rebootRequired: true, blockers: [] })
    await w.machine.put('/etc/default/grub', `${GRUB}# edited by hand\n`)
    const error = await failure(call(w.app, 'nested.apply', { hostId: w.hostId, planId: plan.id }))
    expect(error.code).toBe('CONFLICT')
    expect(error.message).toMatch(/\/etc\/default\/grub changed since the preview/)
    expect(w.machine.privilegedCalls).toEqual([])
    // The stale plan is gone; a plan of another host is not found either.
    expect((await failure(call(w.app, 'nested.apply', { hostId: w.hostId, planId: plan.id }))).code).toBe(
      'NOT_FOUND',
    )
    const other = await call(w.app, 'nested.plan', { hostId: w.hostId, method: 'grub' })
    expect((await failure(call(w.app, 'nested.apply', { hostId: 'local', planId: other.id }))).code).toBe(
      'NOT_FOUND',
    )
    expect(
      (await failure(call(w.app, 'nested.plan', { hostId: w.hostId, method: 'sideways' as 'grub' }))).code,
    ).toBe('INVALID_INPUT')
  })

  it('GRUB: apply and undo after a restart put /etc/default/grub back byte for byte', async () => {
    const w = await world()
    const plan = await call(w.app, 'nested.plan', { hostId: w.hostId, method: 'grub' })
    const applied = await call(w.app, 'nested.apply', { hostId: w.hostId, planId: plan.id })
    expect(await w.machine.get('/etc/default/grub')).toContain('GRUB_CMDLINE_LINUX="kvm-intel.nested=1"')
    expect(applied.change.rebootRequired).toBe(true)
    expect(applied.status.persistent).toEqual([expect.objectContaining({ kind: 'grub', enabled: true })])
    const backup = applied.change.files[0]?.backupPath ?? ''
    expect(await w.machine.get(backup)).toBe(GRUB)
    const app = await w.restart()
    await call(app, 'nested.undo', { hostId: w.hostId, changeId: applied.change.id })
    expect(await w.machine.get('/etc/default/grub')).toBe(GRUB)
    expect((await w.machine.standInCalls()).map((c) => c.name)).toEqual(['update-grub', 'update-grub'])
  })

  it('Xen: lists guest configs, previews nested HVM for one, applies it through nested.apply, undoes it', async () => {
    const w = await world()
    await w.machine.put('/proc/xen/capabilities', 'control_d\n')
    await w.machine.put('/sys/hypervisor/type', 'xen\n')
    await w.machine.addStandIn(
      'xl',
      `[ "$1" = info ] || exit 1\nprintf 'xen_version            : 4.17.3\\nvirt_caps              : pv hvm hap shadow\\n'`,
    )
    await w.machine.put('/etc/xen/win10.cfg', XEN_GUEST)
    await w.machine.put('/etc/xen/xl.conf', '#autoballoon="auto"\n')
    const status = await call(w.app, 'nested.status', { hostId: w.hostId })
    expect(status.xen).toMatchObject({
      isXen: true,
      dom0: true,
      hap: true,
      version: '4.17.3',
      guestConfigs: ['win10'],
    })

    const plan = await call(w.app, 'nested.xenPlan', { hostId: w.hostId, domain: 'win10' })
    expect(plan).toMatchObject({ method: 'xl', domain: 'win10', blockers: [] })
    expect(plan.files[0]?.diff).toContain('+nestedhvm = 1')
    const applied = await call(w.app, 'nested.apply', { hostId: w.hostId, planId: plan.id })
    expect(await w.machine.get('/etc/xen/win10.cfg')).toContain('nestedhvm = 1')
    expect(applied.change.method).toBe('xl')
    await call(w.app, 'nested.undo', { hostId: w.hostId, changeId: applied.change.id })
    expect(await w.machine.get('/etc/xen/win10.cfg')).toBe(XEN_GUEST)
    expect(
      (await failure(call(w.app, 'nested.xenPlan', { hostId: w.hostId, domain: '../shadow' }))).code,
    ).toBe('INVALID_INPUT')
    const audit = await call(w.app, 'audit.list', { limit: 5 })
    expect(audit.slice(0, 2).map((a) => [a.action, a.target])).toEqual([
      ['nested.undo', expect.stringContaining('win10')],
      ['nested.apply.xl', '/etc/xen/win10.cfg'],
    ])
  })
})

function plainApp(): App {
  const dataDir = mkdtempSync(join(tmpdir(), 'virtdeck-nested-'))
  const app = createApp({ dataDir, cipher: createEphemeralCipher(Buffer.alloc(32, 3)), homeDir: dataDir })
  cleanup.push(async () => {
    await app.close()
    await rm(dataDir, { recursive: true, force: true })
  })
  return app
}

describe('nested changes on the Changes page and in `virtdeck changes` (temp-root host, real store, the CLI as a child process)', () => {
  it('lists a nested change with its verification, shows it, and undoes it through changes.undo', async () => {
    const w = await world()
    const plan = await call(w.app, 'nested.plan', { hostId: w.hostId, method: 'modprobe' })
    const applied = await call(w.app, 'nested.apply', { hostId: w.hostId, planId: plan.id })
    expect(applied.applied.verification).toMatchObject({ status: 'passed' })

    const listed = await runVirtdeck(['changes', 'list', '--json'], w.dataDir)
    expect(listed.code).toBe(0)
    const rows = JSON.parse(listed.stdout) as {
      id: string
      capability: string
      hostName: string
      files: { path: string }[]
    }[]
    expect(rows.map((r) => [r.id, r.capability, r.hostName])).toEqual([
      [applied.change.id, 'nested', 'Lab machine'],
    ])
    expect(rows[0]?.files.map((f) => f.path)).toEqual([NESTED_CONF_PATH])
    const shown = await runVirtdeck(['changes', 'show', applied.change.id], w.dataDir)
    expect(shown.stdout).toContain('+options kvm-intel nested=1')
    expect(shown.stdout).toMatch(/Last check .*: passed/)
    // No terminal and no --yes: nothing is undone.
    const refused = await runVirtdeck(['changes', 'undo', applied.change.id], w.dataDir)
    expect(refused.code).not.toBe(0)
    expect(refused.stderr).toContain('Nothing was changed')
    expect(await w.machine.get(NESTED_CONF_PATH)).toContain('nested=1')

    const undone = await call(w.app, 'changes.undo', { changeId: applied.change.id })
    expect(undone.undo).toMatchObject({ removed: [NESTED_CONF_PATH], verification: { status: 'passed' } })
    await expect(w.machine.get(NESTED_CONF_PATH)).rejects.toThrow(/ENOENT/)
    expect((await call(w.app, 'nested.status', { hostId: w.hostId })).nestedNow).toBe('N')
    expect((await call(w.app, 'changes.list', { capability: 'nested' }))[0]?.undoneAt).toEqual(
      expect.any(String),
    )
  })
})

describe('guest CPU host-passthrough through the router (real libvirtd, qemu:///system)', () => {
  it('previews the XML diff, keeps the previous XML in the history, defines the new one', async () => {
    const app = plainApp()
    const name = `vd-nested-guest-${process.pid}-${Date.now()}`
    const xmlPath = join(tmpdir(), `${name}.xml`)
    const original = `<domain type='kvm'>\n  <name>${name}</name>\n  <memory unit='KiB'>65536</memory>\n  <vcpu>1</vcpu>\n  <os>\n    <type arch='x86_64'>hvm</type>\n  </os>\n  <devices>\n    <emulator>/usr/bin/qemu-system-x86_64</emulator>\n  </devices>\n</domain>\n`
    await writeFile(xmlPath, original)
    execFileSync('virsh', ['-q', '-c', 'qemu:///system', 'define', '--file', xmlPath])
    cleanup.push(async () => {
      execFileSync('virsh', ['-q', '-c', 'qemu:///system', 'undefine', '--domain', name])
      await rm(xmlPath, { force: true })
    })
    const definedBefore = execFileSync(
      'virsh',
      ['-c', 'qemu:///system', 'dumpxml', '--inactive', '--domain', name],
      { encoding: 'utf8' },
    )

    const plan = await call(app, 'nested.guestCpuPlan', { hostId: 'local', vmName: name })
    expect(plan).toMatchObject({ vmName: name, changed: true, running: false, libvirtUri: 'qemu:///system' })
    expect(plan.diff).toMatch(/^\+\s*<cpu mode='host-passthrough' check='none' migratable='on'\/>$/m)
    expect(plan.diff).toMatch(/^--- .*\n\+\+\+ /)
    expect(plan.verification.map((step) => step.command)).toContain('virt-host-validate qemu')
    expect(plan).not.toHaveProperty('before') // the XML stays in main

    const progress: Progress[] = []
    const result = await call(app, 'nested.guestCpuApply', { hostId: 'local', planId: plan.id }, progress)
    expect(result).toMatchObject({ vmName: name, running: false })
    expect(result.verificationText).toContain('virsh capabilities')
    const definedAfter = execFileSync(
      'virsh',
      ['-c', 'qemu:///system', 'dumpxml', '--inactive', '--domain', name],
      { encoding: 'utf8' },
    )
    expect(definedAfter).toMatch(/<cpu mode='host-passthrough' check='none' migratable='on'\/>/)
    const history = app.store.db
      .prepare(
        'SELECT host_id AS hostId, kind, object_name AS name, object_uuid AS uuid, xml, reason FROM xml_history WHERE id = ?',
      )
      .get(result.historyId)
    expect(history).toMatchObject({
      hostId: 'local',
      kind: 'domain',
      name,
      reason: expect.stringContaining('host-passthrough') as unknown,
    })
    const saved = history as { uuid: string; xml: string }
    expect(saved.xml.trim()).toBe(definedBefore.trim())
    expect(saved.uuid).toMatch(/^[0-9a-f-]{36}$/)
    // The intent, and the define itself as the VM layer audits every define.
    const audit = await call(app, 'audit.list', { limit: 2 })
    expect(audit.map((a) => [a.action, a.outcome, a.target])).toEqual([
      ['vm.cpu.host-passthrough', 'ok', `VM ${name}`],
      ['domain.define', 'ok', name],
    ])
    expect(
      (await failure(call(app, 'nested.guestCpuApply', { hostId: 'local', planId: plan.id }))).code,
    ).toBe('NOT_FOUND')
    expect((await call(app, 'nested.guestCpuPlan', { hostId: 'local', vmName: name })).changed).toBe(false)
    expect(
      (await failure(call(app, 'nested.guestCpuPlan', { hostId: 'local', vmName: `${name}-missing` }))).code,
    ).toBe('NOT_FOUND')
  })
})
