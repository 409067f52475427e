/**
 * `virtdeck hw` (child process, the built CLI) on this machine's libvirtd: the hardware of a VM with
 * a hostile name, an edit previewed, applied with --yes, refused without it (no terminal), a bad
 * edit refused in words, and the change undone with `virtdeck changes undo` byte for byte.
 */
import { mkdtempSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HwApplyResult } from '@shared/vm-hardware.js'
import { runVirtdeck } from './support/cli.js'
import { defineTiny, lockLibvirtd, otherVirsh, removeDomain, uniqueName } from './support/libvirt.js'

let release: () => Promise<void>
let uuid = ''
const name = uniqueName('vd-hw-cli', true)
const dataDir = mkdtempSync(join(tmpdir(), 'virtdeck-hw-cli-'))

beforeAll(async () => {
  release = await lockLibvirtd('shared')
  uuid = await defineTiny(name)
}, 60_000)

afterAll(async () => {
  if (uuid !== '') await removeDomain(uuid)
  await rm(dataDir, { recursive: true, force: true })
  await release?.()
}, 60_000)

describe('virtdeck hw', () => {
  it('shows, previews, applies with --yes, and the change is undone', async () => {
    const before = await otherVirsh(['dumpxml', '--domain', uuid, '--inactive'])
    const shown = await runVirtdeck(['hw', name], dataDir)
    expect(shown.stderr).toBe('')
    expect(shown.stdout).toContain(`${name}: shut off, 64/64 MiB, 1/1 vCPUs`)
    expect(shown.stdout).toContain('graphics vnc on 127.0.0.1')

    const edit = JSON.stringify({ kind: 'vcpus', current: 1, max: 2 })
    const preview = await runVirtdeck(['hw', name, '--preview', edit], dataDir)
    expect(preview.stdout).toContain("+  <vcpu placement='static' current='1'>2</vcpu>")
    const refused = await runVirtdeck(['hw', name, '--apply', edit], dataDir)
    expect(refused.code).not.toBe(0)
    expect(refused.stderr).toContain('confirm with --yes')
    expect(await otherVirsh(['dumpxml', '--domain', uuid, '--inactive'])).toBe(before)

    const bad = await runVirtdeck(
      ['hw', name, '--preview', JSON.stringify({ kind: 'vcpus', current: -3, max: 1 })],
      dataDir,
    )
    expect(bad.code).not.toBe(0)
    expect(bad.stderr).toContain('Current vCPUs must be at least 1; -3 is not.')

    const applied = await runVirtdeck(['hw', name, '--apply', edit, '--yes', '--json'], dataDir)
    expect(applied.code).toBe(0)
    const result = JSON.parse(applied.stdout) as HwApplyResult
    expect(result.change.summary).toBe(`VM ${name}: vCPUs 1, maximum 2 (was 1 / 1)`)
    const undone = await runVirtdeck(['changes', 'undo', result.change.id, '--yes'], dataDir)
    expect(undone.code).toBe(0)
    expect(await otherVirsh(['dumpxml', '--domain', uuid, '--inactive'])).toBe(before)
  }, 90_000)

  it('sets a console password, says only that one is set, removes it, and refuses to remove none', async () => {
    const vnc = { kind: 'graphics', type: 'vnc', listen: '127.0.0.1' }
    const set = await runVirtdeck(
      ['hw', name, '--apply', JSON.stringify({ ...vnc, password: "p'$(x)" }), '--yes'],
      dataDir,
    )
    expect(set.code).toBe(0)
    expect(set.stdout).not.toContain("p'$(x)")
    expect((await runVirtdeck(['hw', name], dataDir)).stdout).toContain(
      'graphics vnc on 127.0.0.1 (password set)',
    )
    const remove = JSON.stringify({ ...vnc, removePassword: true })
    const removed = await runVirtdeck(['hw', name, '--apply', remove, '--yes'], dataDir)
    expect(removed.code).toBe(0)
    expect(removed.stdout).toContain(`${name}: VNC console, listening on 127.0.0.1, password removed`)
    expect(removed.stdout).toMatch(/^-.* passwd='••••••'/m)
    expect(removed.stdout).not.toContain("p'$(x)")
    expect(await otherVirsh(['dumpxml', '--domain', uuid, '--inactive', '--security-info'])).not.toMatch(
      /passwd/,
    )
    const shown = await runVirtdeck(['hw', name], dataDir)
    expect(shown.stdout).toContain('graphics vnc on 127.0.0.1\n')
    const again = await runVirtdeck(['hw', name, '--apply', remove, '--yes'], dataDir)
    expect(again.code).not.toBe(0)
    expect(again.stderr).toContain('has no password; there is nothing to remove.')
  }, 90_000)
})
