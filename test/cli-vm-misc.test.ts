/**
 * `virtdeck vm rename` and `virtdeck audit list` as child processes (bin/virtdeck.mjs) on a temp
 * profile, against this machine's libvirtd. Standard input is not a terminal.
 */
import { mkdtempSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AuditPage } from '@shared/audit.js'
import type { DomainSummary } from '@shared/vms.js'
import { runVirtdeck } from './support/cli.js'
import type { CliRun } from './support/cli.js'
import { defineTiny, lockLibvirtd, otherVirsh, removeDomain, uniqueName } from './support/libvirt.js'

const dataDir = mkdtempSync(join(tmpdir(), 'virtdeck-cli-misc-'))
let release: () => Promise<void>
const created: string[] = []

beforeAll(async () => {
  release = await lockLibvirtd('shared')
})

afterAll(async () => {
  await Promise.all(created.map((uuid) => removeDomain(uuid)))
  await rm(dataDir, { recursive: true, force: true })
  await release?.()
}, 60_000)

function json<T>(run: CliRun): T {
  expect(run.stderr).toBe('')
  expect(run.code).toBe(0)
  return JSON.parse(run.stdout) as T
}

describe('virtdeck vm rename, audit list', () => {
  it('renames, then lists the audit entry with filters', async () => {
    const name = uniqueName('vd-cli-misc')
    const uuid = await defineTiny(name)
    created.push(uuid)
    const newName = `${name}-renamed $(touch x) 'q'`
    const renamed = json<DomainSummary>(await runVirtdeck(['vm', 'rename', name, newName, '--json'], dataDir))
    expect(renamed).toMatchObject({ uuid, name: newName })
    expect((await otherVirsh(['domname', uuid])).trim()).toBe(newName)

    const slash = await runVirtdeck(['vm', 'rename', newName, 'a/b'], dataDir)
    expect(slash.stderr).toContain('Cannot rename to “a/b”: A VM name cannot contain "/"')
    const taken = await runVirtdeck(['vm', 'rename', newName, newName], dataDir)
    expect(taken.code).not.toBe(0)
    expect(taken.stderr).toContain('already has this name')

    const page = json<AuditPage>(
      await runVirtdeck(
        ['audit', 'list', '--vm', name, '--action', 'domain.', '--since', '1h', '--json'],
        dataDir,
      ),
    )
    expect(page.entries.map((e) => `${e.action}:${e.outcome}`)).toEqual(['domain.rename:ok'])
    const failed = json<AuditPage>(
      await runVirtdeck(['audit', 'list', '--vm', newName, '--outcome', 'failed', '--json'], dataDir),
    )
    expect(failed.total).toBe(1)
    const text = await runVirtdeck(['audit', 'list', '--limit', '1'], dataDir)
    expect(text.stdout).toMatch(/ACTION[\s\S]*domain\.rename[\s\S]*1–1 of 2 \(next: --page 2\)/)
    const bad = await runVirtdeck(['audit', 'list', '--since', 'yesterday'], dataDir)
    expect(bad.code).not.toBe(0)
    expect(bad.stderr).toContain('Not a time: yesterday')
  }, 90_000)
})
