import { readFileSync, statSync } from 'node:fs'
import { chmod, readdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import type { ApplyProgress, NestedAppliedChange as AppliedChange } from '@shared/nested.js'
import { AppError } from '@shared/errors.js'
import { applyPlan, undoChange } from '../src/main/nested/apply.js'
import { NESTED_CONF_PATH, renderNestedConf } from '../src/main/nested/nested-conf.js'
import { buildNestedPlan } from '../src/main/nested/plan.js'
import { TempRootHost } from './support/temp-root-host.js'

/**
 * Enable/undo of nested KVM against a TEMP-ROOT host: real files under a temp folder standing for
 * "/", real cp/tee/rm, libvirt's real test driver for running VMs, and stand-in scripts for
 * modprobe and update-grub (which cannot run here) that record their arguments and act on the
 * temp root like the real ones would.
 */

const repoRoot = fileURLToPath(new URL('..', import.meta.url))
const hosts = join(repoRoot, 'test', 'fixtures', 'hosts')
const fixture = (path: string): string => readFileSync(join(hosts, path), 'utf8')
const FLAGS = fixture('cpuinfo-flags/intel-i7-960-nehalem-host-vmx-ept.txt')
const GRUB = fixture('grub/elementary-amd-iommu-pt-etc-default-grub.txt')
const NOW = new Date('2025-03-04T05:06:07.890Z')

/** modprobe as seen from sysfs: -r fails while the module is in use; loading reads modprobe.d for nested. */
const MODPROBE = `R="$VIRTDECK_TEST_ROOT"
if [ "$1" = "-r" ]; then
  if [ "$(cat "$R/sys/module/$2/refcnt")" != "0" ]; then echo "modprobe: FATAL: Module $2 is in use." >&2; exit 1; fi
  rm -rf "$R/sys/module/$2"; exit 0
fi
m="$1"; dashed=$(printf '%s' "$m" | tr _ -)
mkdir -p "$R/sys/module/$m/parameters"; echo live > "$R/sys/module/$m/initstate"; echo 0 > "$R/sys/module/$m/refcnt"
if cat "$R"/etc/modprobe.d/*.conf 2>/dev/null | grep -Eq "^options ($m|$dashed) (.* )?nested=(1|Y|y)"; then echo Y; else echo N; fi > "$R/sys/module/$m/parameters/nested"`

/** update-grub: sources /etc/default/grub (so it must stay valid shell) and writes the kernel line. */
const UPDATE_GRUB = `R="$VIRTDECK_TEST_ROOT"
. "$R/etc/default/grub"
mkdir -p "$R/boot/grub"
printf 'linux /boot/vmlinuz root=UUID=0000 ro %s %s\\n' "$GRUB_CMDLINE_LINUX" "$GRUB_CMDLINE_LINUX_DEFAULT" > "$R/boot/grub/grub.cfg"`

let machine: TempRootHost | undefined
afterEach(async () => {
  await machine?.dispose()
  machine = undefined
})

/** A Debian-like Intel machine with kvm_intel loaded, nested off (the CentOS 7 sysfs value), no VMs. */
async function intelMachine(): Promise<{ host: TempRootHost; noVms: string }> {
  const host = await TempRootHost.create({ id: 'machine-1' })
  machine = host
  await host.put(
    '/proc/cpuinfo',
    `processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Core(TM) i7 CPU 960 @ 3.20GHz\n${FLAGS}\n`,
  )
  await host.put('/proc/cmdline', 'BOOT_IMAGE=/boot/vmlinuz-6.1.0-18-amd64 root=UUID=0000 ro quiet\n')
  await host.put('/sys/module/kvm_intel/initstate', 'live\n')
  await host.put('/sys/module/kvm_intel/refcnt', '0\n')
  await host.put(
    '/sys/module/kvm_intel/parameters/nested',
    fixture('nested/intel-centos7-kvm_intel-nested-N.txt'),
  )
  await host.put('/etc/modprobe.d/alsa-base.conf', 'options snd-hda-intel model=auto\n')
  await host.put('/etc/default/grub', GRUB)
  await host.addStandIn('modprobe', MODPROBE)
  await host.addStandIn('update-grub', UPDATE_GRUB)
  // libvirt's test driver with an empty node: a hypervisor with no running domain.
  const noVms = join(host.base, 'no-vms.xml')
  await writeFile(noVms, '<node/>\n')
  return { host, noVms: `test://${noVms}` }
}

async function backupFiles(host: TempRootHost): Promise<string[]> {
  const dir = host.mapPath('/var/lib/virtdeck/backups')
  try {
    return (await readdir(dir, { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name).slice(host.root.length))
  } catch {
    return []
  }
}

describe('modprobe method on a temp root', () => {
  it('writes the option, reloads kvm_intel, reports nested=Y; undo removes the file and reloads again', async () => {
    const { host, noVms } = await intelMachine()
    const plan = await buildNestedPlan(host, {
      method: 'modprobe',
      libvirtUri: noVms,
      now: () => NOW,
      newId: () => 'plan-1',
    })
    expect(plan).toMatchObject({
      id: 'plan-1',
      hostId: 'machine-1',
      method: 'modprobe',
      vendor: 'intel',
      blockers: [],
      rebootRequired: false,
    })
    expect(plan.files).toEqual([
      {
        path: NESTED_CONF_PATH,
        before: null,
        after: renderNestedConf('intel'),
        diff: expect.stringContaining('+options kvm-intel nested=1') as unknown,
      },
    ])
    expect(plan.commands.map((c) => [c.file, ...c.args])).toEqual([
      ['modprobe', '-r', 'kvm_intel'],
      ['modprobe', 'kvm_intel'],
    ])

    const recorded: AppliedChange[] = []
    const progress: ApplyProgress[] = []
    const applied = await applyPlan(host, plan, {
      now: () => NOW,
      newId: () => 'chg-1',
      record: (c) => void recorded.push(c),
      onProgress: (p) => progress.push(p),
    })
    expect(await host.get(NESTED_CONF_PATH)).toBe(
      '# Nested virtualization for KVM, written by VirtDeck.\noptions kvm-intel nested=1\n',
    )
    expect(applied).toMatchObject({
      id: 'chg-1',
      planId: 'plan-1',
      method: 'modprobe',
      appliedAt: NOW.toISOString(),
      nestedParamPath: '/sys/module/kvm_intel/parameters/nested',
      backups: [{ path: NESTED_CONF_PATH, backupPath: null, existedBefore: false }],
      result: { nestedNow: 'Y', rebootRequired: false },
    })
    expect(recorded).toEqual([applied])
    expect(progress.map((p) => p.step)).toEqual(['check', 'write', 'command', 'command', 'verify', 'verify'])
    expect(progress.at(-1)?.fraction).toBe(1)
    expect(await host.standInCalls()).toEqual([
      { name: 'modprobe', args: ['-r', 'kvm_intel'] },
      { name: 'modprobe', args: ['kvm_intel'] },
    ])
    // Everything that changed the machine went through privileged(), as argument arrays.
    expect(host.privilegedCalls.map((c) => [c.file, ...c.args])).toEqual([
      ['tee', '--', NESTED_CONF_PATH],
      ['modprobe', '-r', 'kvm_intel'],
      ['modprobe', 'kvm_intel'],
    ])
    expect(host.privilegedCalls.every((c) => (c.reason ?? '').length > 0)).toBe(true)

    const undone = await undoChange(host, applied)
    expect(undone).toEqual({
      changeId: 'chg-1',
      restored: [],
      removed: [NESTED_CONF_PATH],
      nestedNow: 'N',
      rebootRequired: false,
    })
    await expect(host.get(NESTED_CONF_PATH)).rejects.toThrow(/ENOENT/)
    expect((await host.standInCalls()).slice(2)).toEqual([
      { name: 'modprobe', args: ['-r', 'kvm_intel'] },
      { name: 'modprobe', args: ['kvm_intel'] },
    ])
  })

  it('also fixes a conflicting nested=0 in another /etc/modprobe.d file; backup and undo keep bytes and mode', async () => {
    const { host, noVms } = await intelMachine()
    const original = '# local KVM tuning\noptions kvm_intel nested=0 enable_apicv=1\n'
    await host.put('/etc/modprobe.d/zz-kvm.conf', original)
    await chmod(host.mapPath('/etc/modprobe.d/zz-kvm.conf'), 0o640)
    const plan = await buildNestedPlan(host, { method: 'modprobe', libvirtUri: noVms })
    expect(plan.files.map((f) => f.path)).toEqual([NESTED_CONF_PATH, '/etc/modprobe.d/zz-kvm.conf'])
    expect(plan.files[1]?.after).toBe('# local KVM tuning\noptions kvm_intel nested=1 enable_apicv=1\n')
    expect(plan.notes.join('\n')).toMatch(/zz-kvm.conf line 2 .*read after our file/)

    const applied = await applyPlan(host, plan, { now: () => NOW, newId: () => 'chg-2' })
    const backup = applied.backups.find((b) => b.path === '/etc/modprobe.d/zz-kvm.conf')
    expect(backup).toMatchObject({
      existedBefore: true,
      backupPath: '/var/lib/virtdeck/backups/20250304T050607Z-chg-2/etc/modprobe.d/zz-kvm.conf',
    })
    expect(await host.get(backup?.backupPath ?? '')).toBe(original)
    expect(statSync(host.mapPath(backup?.backupPath ?? '')).mode & 0o777).toBe(0o640)
    expect(statSync(host.mapPath('/etc/modprobe.d/zz-kvm.conf')).mode & 0o777).toBe(0o640) // tee kept the mode
    expect(applied.result.nestedNow).toBe('Y')

    await undoChange(host, applied)
    expect(await host.get('/etc/modprobe.d/zz-kvm.conf')).toBe(original)
    expect(statSync(host.mapPath('/etc/modprobe.d/zz-kvm.conf')).mode & 0o777).toBe(0o640)
  })

  it('refuses while a VM runs (libvirt test driver: domain "test" is running), writing nothing', async () => {
    const { host } = await intelMachine()
    const plan = await buildNestedPlan(host, { method: 'modprobe', libvirtUri: 'test:///default' })
    expect(plan.blockers).toEqual([expect.stringContaining('Running VMs use kvm_intel: test.') as unknown])
    const error = await applyPlan(host, plan).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).code).toBe('CONFLICT')
    expect((error as AppError).detail).toContain('test')
    expect(host.privilegedCalls).toEqual([])
    await expect(host.get(NESTED_CONF_PATH)).rejects.toThrow(/ENOENT/)
  })

  it('blocks when the module is in use outside libvirt, or built into the kernel (WSL2)', async () => {
    const { host, noVms } = await intelMachine()
    await host.put('/sys/module/kvm_intel/refcnt', '2\n')
    expect(
      (await buildNestedPlan(host, { method: 'modprobe', libvirtUri: noVms })).blockers.join('\n'),
    ).toMatch(/kvm_intel is in use \(2 users\)/)
    await host.put('/sys/module/kvm_intel/refcnt', '0\n')
    await rm(host.mapPath('/sys/module/kvm_intel/initstate'))
    await host.put(
      '/sys/module/kvm_intel/parameters/nested',
      fixture('nested/intel-wsl2-builtin-kvm_intel-nested-N.txt'),
    )
    const builtin = await buildNestedPlan(host, { method: 'modprobe', libvirtUri: noVms })
    expect(builtin.blockers.join('\n')).toMatch(/built into the kernel.*kvm-intel\.nested=1/)
    expect(builtin.commands).toEqual([])
  })

  it('rolls back when the reload fails (module became busy after the preview)', async () => {
    const { host, noVms } = await intelMachine()
    const plan = await buildNestedPlan(host, { method: 'modprobe', libvirtUri: noVms })
    await host.put('/sys/module/kvm_intel/refcnt', '1\n')
    const error = await applyPlan(host, plan).catch((e: unknown) => e)
    expect((error as AppError).code).toBe('COMMAND_FAILED')
    expect((error as AppError).detail).toMatch(/Module kvm_intel is in use[\s\S]*restored/)
    await expect(host.get(NESTED_CONF_PATH)).rejects.toThrow(/ENOENT/)
  })

  it('undo restores the files even when the reload then fails, and says what to run', async () => {
    const { host, noVms } = await intelMachine()
    const applied = await applyPlan(
      host,
      await buildNestedPlan(host, { method: 'modprobe', libvirtUri: noVms }),
    )
    await host.put('/sys/module/kvm_intel/refcnt', '1\n') // a VM started since
    const error = (await undoChange(host, applied).catch((e: unknown) => e)) as AppError
    expect(error.code).toBe('COMMAND_FAILED')
    expect(error.message).toMatch(/^The files were restored, but modprobe -r kvm_intel failed/)
    expect(error.detail).toContain('modprobe -r kvm_intel; modprobe kvm_intel')
    await expect(host.get(NESTED_CONF_PATH)).rejects.toThrow(/ENOENT/)
  })

  it('says there is nothing to do when nesting is on and configured', async () => {
    const { host, noVms } = await intelMachine()
    await host.put(NESTED_CONF_PATH, 'options kvm_intel nested=Y\n')
    await host.put(
      '/sys/module/kvm_intel/parameters/nested',
      fixture('nested/intel-fedora-laptop-kvm_intel-nested-Y.txt'),
    )
    const plan = await buildNestedPlan(host, { method: 'modprobe', libvirtUri: noVms })
    expect(plan.files).toEqual([])
    expect(plan.commands).toEqual([])
    expect(plan.notes[0]).toMatch(/already on/)
  })

  it('only writes the file when nesting is on now but not persistent (no reload, no VM check needed)', async () => {
    const { host } = await intelMachine()
    await host.put('/sys/module/kvm_intel/parameters/nested', 'Y\n')
    const plan = await buildNestedPlan(host, { method: 'modprobe', libvirtUri: 'test:///default' })
    expect(plan.files.map((f) => f.path)).toEqual([NESTED_CONF_PATH])
    expect(plan.commands).toEqual([])
    expect(plan.blockers).toEqual([])
    expect(plan.notes[0]).toMatch(/already on now .* no reload needed/)
  })
})

describe('GRUB method on a temp root', () => {
  it('edits GRUB_CMDLINE_LINUX, backs up, runs update-grub; undo restores the original bytes', async () => {
    const { host } = await intelMachine()
    const plan = await buildNestedPlan(host, { method: 'grub' })
    expect(plan.blockers).toEqual([])
    expect(plan.rebootRequired).toBe(true)
    expect(plan.commands).toEqual([{ file: 'update-grub', args: [], why: expect.any(String) as unknown }])
    expect(plan.files[0]?.diff).toContain(
      '-GRUB_CMDLINE_LINUX=""\n+GRUB_CMDLINE_LINUX="kvm-intel.nested=1"\n',
    )

    const applied = await applyPlan(host, plan, { now: () => NOW, newId: () => 'chg-3' })
    const grub = await host.get('/etc/default/grub')
    expect(grub).toBe(GRUB.replace('GRUB_CMDLINE_LINUX=""', 'GRUB_CMDLINE_LINUX="kvm-intel.nested=1"'))
    expect(await host.get('/var/lib/virtdeck/backups/20250304T050607Z-chg-3/etc/default/grub')).toBe(GRUB)
    expect(await backupFiles(host)).toEqual([
      '/var/lib/virtdeck/backups/20250304T050607Z-chg-3/etc/default/grub',
    ])
    expect(await host.standInCalls()).toEqual([{ name: 'update-grub', args: [] }])
    // The regenerated kernel line has the new parameter and every parameter that was there.
    const kernelLine = await host.get('/boot/grub/grub.cfg')
    expect(kernelLine).toContain(
      'kvm-intel.nested=1 resume=UUID=b678410c-3de3-4c72-8a8f-675f0a12fcad iommu=1 amd_iommu=on iommu=pt transparent_hugepage=never',
    )
    expect(applied.result).toEqual({ nestedNow: 'N', rebootRequired: true })

    const undone = await undoChange(host, applied)
    expect(undone.restored).toEqual(['/etc/default/grub'])
    expect(await host.get('/etc/default/grub')).toBe(GRUB)
    expect((await host.standInCalls()).map((c) => c.name)).toEqual(['update-grub', 'update-grub'])
    expect(await host.get('/boot/grub/grub.cfg')).not.toContain('kvm-intel.nested')
  })

  it('is blocked by a /etc/default/grub.d drop-in that would replace GRUB_CMDLINE_LINUX; a harmless one is fine', async () => {
    const { host } = await intelMachine()
    await host.put(
      '/etc/default/grub.d/50-cloudimg-settings.cfg',
      'GRUB_CMDLINE_LINUX_DEFAULT="console=tty1 console=ttyS0"\n',
    )
    expect((await buildNestedPlan(host, { method: 'grub' })).blockers).toEqual([])
    await host.put('/etc/default/grub.d/60-serial.cfg', 'GRUB_CMDLINE_LINUX="console=ttyS0,115200"\n')
    const plan = await buildNestedPlan(host, { method: 'grub' })
    expect(plan.blockers).toEqual([
      expect.stringMatching(
        /^\/etc\/default\/grub.d\/60-serial.cfg is read after \/etc\/default\/grub and replaces GRUB_CMDLINE_LINUX/,
      ) as unknown,
    ])
  })

  it('CONFLICT when the file changed between preview and apply: nothing written, no backup', async () => {
    const { host } = await intelMachine()
    const plan = await buildNestedPlan(host, { method: 'grub' })
    const edited = GRUB.replace('GRUB_TIMEOUT="1"', 'GRUB_TIMEOUT="3"')
    await host.put('/etc/default/grub', edited)
    const error = await applyPlan(host, plan).catch((e: unknown) => e)
    expect((error as AppError).code).toBe('CONFLICT')
    expect((error as AppError).message).toMatch(/\/etc\/default\/grub changed since the preview/)
    expect(await host.get('/etc/default/grub')).toBe(edited)
    expect(host.privilegedCalls).toEqual([])
    expect(await backupFiles(host)).toEqual([])
    expect(await host.standInCalls()).toEqual([])
  })

  it('undo refuses to overwrite a later edit unless forced', async () => {
    const { host } = await intelMachine()
    const applied = await applyPlan(host, await buildNestedPlan(host, { method: 'grub' }))
    const later = `${await host.get('/etc/default/grub')}GRUB_GFXMODE=1024x768\n`
    await host.put('/etc/default/grub', later)
    const error = await undoChange(host, applied).catch((e: unknown) => e)
    expect((error as AppError).code).toBe('CONFLICT')
    expect(await host.get('/etc/default/grub')).toBe(later)
    await undoChange(host, applied, { force: true })
    expect(await host.get('/etc/default/grub')).toBe(GRUB)
  })

  it('stops before anything is written when cancelled, and refuses a plan made for another host', async () => {
    const { host } = await intelMachine()
    const plan = await buildNestedPlan(host, { method: 'grub' })
    const controller = new AbortController()
    controller.abort()
    expect(
      ((await applyPlan(host, plan, { signal: controller.signal }).catch((e: unknown) => e)) as AppError)
        .code,
    ).toBe('CANCELLED')
    expect(
      ((await applyPlan(host, { ...plan, hostId: 'other' }).catch((e: unknown) => e)) as AppError).code,
    ).toBe('INVALID_INPUT')
    expect(host.privilegedCalls).toEqual([])
    expect(await host.get('/etc/default/grub')).toBe(GRUB)
  })
})
