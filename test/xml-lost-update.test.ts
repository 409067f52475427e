/**
 * Fault 2 of issue 9 (lost update): preview an edit in the XML tab, someone changes the VM outside
 * (`virsh desc --config --new-desc`), apply → the outside change was silently wiped. Now the apply
 * carries the previewed definition's hash and main refuses with CONFLICT and the new diff.
 * Real libvirtd + QEMU (TCG) through the app's router; "someone else" is a separate virsh.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppError } from '@shared/errors.js'
import { startTestApp } from './support/app.js'
import type { TestApp } from './support/app.js'
import { defineTiny, lockLibvirtd, otherVirsh, removeDomain, uniqueName } from './support/libvirt.js'

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

describe('applying a previewed XML edit (fault 2)', () => {
  it('refuses with CONFLICT and the new diff when the definition changed since the preview', async () => {
    const name = uniqueName('vd-lost-update', true)
    const uuid = await defineTiny(name)
    created.push(uuid)
    const ref = { hostId: 'local', uuid, name }
    const original = await t.call('vms.xml', { ...ref, inactive: true })
    const edited = original.replace(/<memory unit='KiB'>\d+<\/memory>/, "<memory unit='KiB'>98304</memory>")
    expect(edited).not.toBe(original)
    const preview = await t.call('vms.xmlPreview', { ...ref, xml: edited })
    expect(preview).toMatchObject({ changed: true, valid: true })
    expect(preview.baseHash).toMatch(/^[0-9a-f]{64}$/)

    // Someone else changes the VM between the preview and the apply.
    await otherVirsh(['desc', '--domain', uuid, '--config', '--new-desc', 'set by someone else'])

    const error = await t.call('vms.define', { ...ref, xml: edited, baseHash: preview.baseHash }).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(AppError)
    expect(error).toMatchObject({ code: 'CONFLICT' })
    const data = (error as AppError).data as { preview?: { diff?: string; baseHash?: string } }
    // The new diff shows that applying now would remove the outside change.
    expect(data.preview?.diff).toContain('-  <description>set by someone else</description>')
    expect(data.preview?.baseHash).toMatch(/^[0-9a-f]{64}$/)
    expect(data.preview?.baseHash).not.toBe(preview.baseHash)
    // Nothing was overwritten.
    expect(await otherVirsh(['desc', '--domain', uuid, '--config'])).toContain('set by someone else')
    expect(await t.call('vms.history', ref)).toEqual([])

    // Applying against the definition as it is now works.
    const applied = await t.call('vms.define', {
      ...ref,
      xml: edited,
      baseHash: data.preview?.baseHash ?? '',
    })
    expect(applied.changed).toBe(true)
    expect(await t.call('vms.xml', { ...ref, inactive: true })).toContain("<memory unit='KiB'>98304</memory>")
  }, 60_000)
})
