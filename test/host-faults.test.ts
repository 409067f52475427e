/**
 * Fault 14 of issue 9, main side, through the app's router: "This computer" could be deleted, and a
 * duplicate host name was reported without saying which field (the dialog showed it at the bottom).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp } from './support/app.js'
import type { TestApp } from './support/app.js'

let t: TestApp

beforeAll(() => {
  t = startTestApp()
})

afterAll(async () => {
  await t?.close()
})

describe('hosts (fault 14)', () => {
  it('refuses to delete This computer, and keeps it', async () => {
    await expect(t.call('hosts.remove', { id: 'local' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/This computer/),
    })
    expect((await t.call('hosts.list', {})).map((h) => h.id)).toContain('local')
  })

  it('still deletes other local hosts', async () => {
    const added = await t.call('hosts.add', {
      kind: 'local',
      name: 'Test driver',
      libvirtUri: 'test:///default',
    })
    await t.call('hosts.remove', { id: added.id })
    expect((await t.call('hosts.list', {})).map((h) => h.id)).not.toContain(added.id)
  })

  it('names the field of a duplicate name', async () => {
    await expect(
      t.call('hosts.add', { kind: 'local', name: 'This computer', libvirtUri: 'test:///default' }),
    ).rejects.toMatchObject({ code: 'CONFLICT', data: { field: 'name' } })
  })
})
