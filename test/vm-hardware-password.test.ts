/**
 * Removing a console password in the Hardware tab, on the real libvirtd (qemu:///system, QEMU TCG)
 * through the app's router and the harness's console pipe: the preview shows the password as dots,
 * the definition (read with --security-info) loses it, the running VM keeps asking until it is
 * started again, then QEMU's VNC server offers security type None; undo from the Changes page brings
 * the very password back (kept sealed in the secrets table meanwhile, never in clear); a VM without
 * one is refused. Hostile names and password, own domains.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness } from '../src/harness/server.js'
import type { Harness } from '../src/harness/server.js'
import { startTestApp } from './support/app.js'
import type { TestApp } from './support/app.js'
import { consoleDomainXml } from './support/console-domains.js'
import type { ConsoleDisplay } from './support/console-domains.js'
import { defineXml, diskDir } from './support/disk-domains.js'
import { lockLibvirtd, otherVirsh, removeDomain, uniqueName } from './support/libvirt.js'
import { collect, openHarnessPipe } from './support/pipes.js'
import { failure } from './support/router.js'

let t: TestApp
let harness: Harness
let release: () => Promise<void>
let folder: { dir: string; remove: () => Promise<void> }
const created: string[] = []
const hostId = 'local'
// VNC takes at most 8 characters.
const secret = `p$(x);"'`

beforeAll(async () => {
  release = await lockLibvirtd('shared')
  t = startTestApp()
  folder = await diskDir('vd-pw-')
  await writeFile(join(folder.dir, 'index.html'), '<html><head></head><body>renderer</body></html>')
  harness = await startHarness(t.app, { rendererDir: folder.dir })
}, 60_000)

afterAll(async () => {
  await Promise.all(created.map((uuid) => removeDomain(uuid)))
  await harness?.close()
  await folder?.remove()
  await t?.close()
  await release?.()
}, 60_000)

async function domain(display: ConsoleDisplay, password = ''): Promise<{ uuid: string; name: string }> {
  const name = uniqueName(`vd-pw-${display}`, true)
  const uuid = await defineXml(consoleDomainXml(name, display, password), folder.dir, name)
  created.push(uuid)
  return { uuid, name }
}

const secure = (uuid: string, inactive: boolean): Promise<string> =>
  otherVirsh(['dumpxml', '--domain', uuid, '--security-info', ...(inactive ? ['--inactive'] : [])])

/** The security types QEMU's VNC server offers through the app's pipe (RFB 3.8: count, then the types). */
async function securityTypes(vm: { uuid: string; name: string }): Promise<{ set: boolean; types: number[] }> {
  const pipe = openHarnessPipe(harness, 'vm.vnc', { hostId, ...vm })
  const screen = collect(pipe)
  const info = await pipe.ready
  await screen.until('the RFB greeting', 10_000, (all) => all.length >= 12)
  pipe.send(new TextEncoder().encode('RFB 003.008\n'))
  await screen.until('the security types', 10_000, (all) => all.length >= 13 + (all[12] ?? 99))
  const types = [...screen.bytes().subarray(13, 13 + (screen.bytes()[12] ?? 0))]
  pipe.close()
  return { set: info.passwordSet, types }
}

describe('removing a console password', () => {
  it('running VM: previewed as dots, defined without it, None after a restart, undone with the very password', async () => {
    const vm = await domain('vnc-password', secret)
    await otherVirsh(['start', '--domain', vm.uuid])
    expect(await securityTypes(vm)).toEqual({ set: true, types: [2] })
    const before = await secure(vm.uuid, true)
    expect(before).toContain("passwd='p$(x);&quot;&apos;'")

    // The plain dumpxml never shows it: the view reads with --security-info (and says only "set").
    const view = await t.call('vmhw.view', { hostId, vm: vm.name })
    expect(view.graphics).toEqual([{ type: 'vnc', listen: '127.0.0.1', hasPassword: true }])
    expect(view.restartNeeded).toEqual([])

    const edit = { kind: 'graphics', type: 'vnc', listen: '127.0.0.1', removePassword: true } as const
    const preview = await t.call('vmhw.preview', { hostId, vm: vm.name, edit })
    expect(preview.problems).toEqual([])
    expect(preview.summary).toBe('VNC console, listening on 127.0.0.1, password removed')
    expect(preview.diff).toMatch(/^-.*<graphics type='vnc'.* passwd='••••••'/m)
    expect(preview.diff).toMatch(/^\+.*<graphics type='vnc'/m)
    expect(preview.diff.split('\n').filter((l) => l.startsWith('+') && l.includes('passwd'))).toEqual([])
    expect(JSON.stringify(preview)).not.toMatch(/p\$\(x\)|&quot;&apos;/)
    expect(preview.live).toEqual([])
    expect(preview.restartNeeded).toEqual(['The running VM’s console keeps asking for the old password'])
    const applied = await t.call('vmhw.apply', { hostId, planId: preview.planId ?? '' })
    expect(applied.restartNeeded).toEqual(['Console password is removed'])
    expect(JSON.stringify(applied)).not.toMatch(/p\$\(x\)|&quot;&apos;/)

    // The definition has none; the running QEMU still asks (libvirt cannot turn VNC auth off live).
    expect(await secure(vm.uuid, true)).not.toMatch(/passwd/)
    expect(await secure(vm.uuid, false)).toMatch(/passwd=/)
    expect(await securityTypes(vm)).toEqual({ set: true, types: [2] })
    await otherVirsh(['destroy', '--domain', vm.uuid])
    await otherVirsh(['start', '--domain', vm.uuid])
    expect(await secure(vm.uuid, false)).not.toMatch(/passwd/)
    expect(await securityTypes(vm)).toEqual({ set: false, types: [1] })
    expect((await t.call('vmhw.view', { hostId, vm: vm.name })).graphics[0]?.hasPassword).toBe(false)
    await otherVirsh(['destroy', '--domain', vm.uuid])

    // Kept for undo sealed in the secrets table, never in clear: not in the XML history, not in the file.
    const history = await t.call('vms.history', { hostId, ...vm })
    expect(history[0]?.reason).toBe('Before: VNC console, listening on 127.0.0.1, password removed')
    const owner = `xml-history:${history[0]?.id ?? 0}:graphics`
    expect(t.app.store.secrets.has(owner)).toBe(true)
    const rows = t.app.store.db.prepare('SELECT xml FROM xml_history').all() as { xml: string }[]
    for (const row of rows) expect(row.xml).not.toMatch(/passwd/)
    t.app.store.db.pragma('wal_checkpoint(TRUNCATE)')
    const dbBytes = await readFile(join(t.dataDir, 'virtdeck.db'))
    expect(dbBytes.includes(Buffer.from('p$(x);&quot;'))).toBe(false)
    expect(dbBytes.includes(Buffer.from(secret))).toBe(false)
    const undo = await t.call('changes.undo', { changeId: applied.change.id, force: false })
    expect(JSON.stringify(undo)).not.toMatch(/p\$\(x\)|&quot;&apos;/)
    expect(applied.change.verification?.status).toBe('passed')
    expect(undo.undo.verification?.checks).toEqual([
      expect.objectContaining({ label: `${vm.name} no longer has this change`, ok: true }),
    ])
    expect(await secure(vm.uuid, true)).toBe(before)
    await otherVirsh(['start', '--domain', vm.uuid])
    expect(await securityTypes(vm)).toEqual({ set: true, types: [2] })
    await otherVirsh(['destroy', '--domain', vm.uuid])
  }, 120_000)

  it('shut-off VM: removed at once; refused where there is none', async () => {
    const vm = await domain('vnc-password', 'short')
    const edit = { kind: 'graphics', type: 'vnc', listen: '127.0.0.1', removePassword: true } as const
    const preview = await t.call('vmhw.preview', { hostId, vm: vm.name, edit })
    expect(preview.restartNeeded).toEqual([])
    await t.call('vmhw.apply', { hostId, planId: preview.planId ?? '' })
    expect(await secure(vm.uuid, true)).not.toMatch(/passwd/)
    // Again: nothing left to remove.
    const again = await failure(t.call('vmhw.preview', { hostId, vm: vm.name, edit }))
    expect(again).toMatchObject({ code: 'INVALID_INPUT' })
    expect(again.message).toBe(`The VNC console of ${vm.name} has no password; there is nothing to remove.`)
    const plain = await domain('vnc')
    const none = await failure(t.call('vmhw.preview', { hostId, vm: plain.name, edit }))
    expect(none.message).toMatch(/has no password; there is nothing to remove/)
    const spice = await failure(
      t.call('vmhw.preview', { hostId, vm: plain.name, edit: { ...edit, type: 'spice' } }),
    )
    expect(spice.message).toBe(`${plain.name} has no SPICE console, so there is no password to remove.`)
  }, 60_000)
})
