/**
 * A VM's console password (`<graphics passwd='…'>`) survives every edit VirtDeck makes to its
 * definition — an XML-tab edit, a restore from the XML history, the guest-CPU edit — on the real
 * libvirtd (qemu:///system), checked with `virsh dumpxml --security-info`; and it never reaches the
 * renderer or the store in clear.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp } from './support/app.js'
import type { TestApp } from './support/app.js'
import { lockLibvirtd, otherVirsh, removeDomain, tinyDomainXml, uniqueName } from './support/libvirt.js'

let t: TestApp
let release: () => Promise<void>
const created: string[] = []

beforeAll(async () => {
  release = await lockLibvirtd('shared')
  t = startTestApp()
}, 60_000)

afterAll(async () => {
  await Promise.all(created.map((uuid) => removeDomain(uuid)))
  await t?.close()
  await release?.()
}, 60_000)

const VALID_TO = '2099-01-01T00:00:00'

/** Defines a tiny domain whose VNC console has a password, as someone else would (virsh). */
async function definePasswordDomain(name: string): Promise<string> {
  // type='kvm' (defined, never started): the guest-CPU edit below refuses host-passthrough on TCG domains.
  const xml = tinyDomainXml(name)
    .replace("<domain type='qemu'", "<domain type='kvm'")
    .replace("<graphics type='vnc'", `<graphics type='vnc' passwd='s3cret' passwdValidTo='${VALID_TO}'`)
  expect(xml).toContain("passwd='s3cret'")
  const dir = await mkdtemp(join(tmpdir(), 'virtdeck-define-'))
  try {
    await writeFile(join(dir, 'domain.xml'), xml)
    await otherVirsh(['define', '--file', join(dir, 'domain.xml')])
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
  const uuid = (await otherVirsh(['domuuid', '--domain', name])).trim()
  created.push(uuid)
  return uuid
}

async function secretXml(uuid: string): Promise<string> {
  return otherVirsh(['dumpxml', '--domain', uuid, '--inactive', '--security-info'])
}

function expectPassword(xml: string): void {
  expect(xml).toMatch(/<graphics [^>]*passwd='s3cret'/)
  expect(xml).toMatch(new RegExp(`<graphics [^>]*passwdValidTo='${VALID_TO}'`))
}

describe('console password through XML edits (qemu:///system)', () => {
  it('keeps it through an unrelated edit, a restore from history and the guest-CPU edit; never shows or stores it', async () => {
    const name = uniqueName('vd-sec-vnc')
    const uuid = await definePasswordDomain(name)
    expectPassword(await secretXml(uuid))
    const ref = { hostId: 'local', uuid, name }

    const shown = await t.call('vms.xml', ref)
    expect(shown).not.toContain('s3cret')
    const edited = shown.replace(/<memory unit='KiB'>\d+<\/memory>/, "<memory unit='KiB'>98304</memory>")
    expect(edited).not.toBe(shown)
    const preview = await t.call('vms.xmlPreview', { ...ref, xml: edited })
    expect(preview).toMatchObject({ valid: true, changed: true })
    expect(preview.diff).not.toContain('s3cret')

    // 1. An unrelated edit from the XML tab.
    const applied = await t.call('vms.define', { ...ref, xml: edited, reason: 'More memory' })
    expect(applied.diff).not.toContain('s3cret')
    expectPassword(await secretXml(uuid))
    expect(await secretXml(uuid)).toContain("<memory unit='KiB'>98304</memory>")

    // 2. A restore from the XML history.
    const history = await t.call('vms.history', ref)
    const restored = await t.call('vms.restore', { hostId: 'local', historyId: history[0]?.id ?? 0 })
    expect(restored.changed).toBe(true)
    expectPassword(await secretXml(uuid))
    expect(await secretXml(uuid)).not.toContain("<memory unit='KiB'>98304</memory>")

    // 3. The guest-CPU edit (nested virtualization).
    const plan = await t.call('nested.guestCpuPlan', { hostId: 'local', vmName: name })
    expect(plan.changed).toBe(true)
    expect(plan.diff).not.toContain('s3cret')
    await t.call('nested.guestCpuApply', { hostId: 'local', planId: plan.id })
    const afterCpu = await secretXml(uuid)
    expect(afterCpu).toContain("mode='host-passthrough'")
    expectPassword(afterCpu)

    // The history never holds the password in clear, and neither does the database file.
    const rows = t.app.store.db.prepare('SELECT xml FROM xml_history').all() as { xml: string }[]
    expect(rows.length).toBeGreaterThanOrEqual(3)
    for (const row of rows) expect(row.xml).not.toContain('s3cret')
    t.app.store.db.pragma('wal_checkpoint(TRUNCATE)')
    const dbBytes = await readFile(join(t.dataDir, 'virtdeck.db'))
    expect(dbBytes.includes(Buffer.from('s3cret'))).toBe(false)
  }, 120_000)
})
