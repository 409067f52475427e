/**
 * `virtdeck vm`, `pool` and `net` as child processes (bin/virtdeck.mjs), on a temp profile
 * (VIRTDECK_DATA_DIR), against the libvirt test driver and this machine's libvirtd. Standard input
 * is not a terminal: nothing may wait for an answer.
 */
import { mkdtempSync } from 'node:fs'
import { readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { CliRun } from './support/cli.js'
import { runVirtdeck } from './support/cli.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DomainSummary, XmlHistoryEntry } from '@shared/vms.js'
import type { StoragePool } from '@shared/storage.js'
import type { VirtualNetwork } from '@shared/networks.js'
import { defineTiny, lockLibvirtd, removeDomain, uniqueName } from './support/libvirt.js'

const dataDir = mkdtempSync(join(tmpdir(), 'virtdeck-cli-vm-'))
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

type Run = CliRun

function virtdeck(args: string[]): Promise<Run> {
  return runVirtdeck(args, dataDir)
}

function json<T>(run: Run): T {
  expect(run.stderr).toBe('')
  expect(run.code).toBe(0)
  return JSON.parse(run.stdout) as T
}

describe('virtdeck vm (child process)', () => {
  it('vm list --json lists the VMs of This computer', async () => {
    const name = uniqueName('vd-cli')
    created.push(await defineTiny(name))
    const domains = json<DomainSummary[]>(await virtdeck(['vm', 'list', '--json']))
    expect(domains.find((d) => d.name === name)).toMatchObject({
      hostId: 'local',
      state: 'shutoff',
      vcpus: 1,
      memoryKiB: 65536,
    })
  })

  it('works on a named host (the test driver): list, lifecycle, pools, networks; failures are one line and non-zero', async () => {
    expect(
      (await virtdeck(['hosts', 'add', 'Test driver', '--local', '--uri', 'test:///default'])).code,
    ).toBe(0)
    const [vm] = json<DomainSummary[]>(await virtdeck(['vm', 'list', '--host', 'Test driver', '--json']))
    expect(vm).toMatchObject({ name: 'test', state: 'running' })
    const text = await virtdeck(['vm', 'list', '--host', 'Test driver'])
    expect(text.stdout).toMatch(
      /^NAME\s+STATE\s+VCPUS\s+MEMORY\s+AUTOSTART\s+OS\s+CPU\ntest\s+running\s+2\s+2 GiB\s+no/,
    )
    expect(
      json<DomainSummary>(await virtdeck(['vm', 'destroy', 'test', '--host', 'Test driver', '--json'])),
    ).toMatchObject({ state: 'shutoff' })
    expect(json<StoragePool[]>(await virtdeck(['pool', 'list', '--host', 'Test driver', '--json']))).toEqual([
      expect.objectContaining({ name: 'default-pool', active: true }),
    ])
    expect(
      json<VirtualNetwork[]>(await virtdeck(['net', 'list', '--host', 'Test driver', '--json'])),
    ).toEqual([expect.objectContaining({ name: 'default', forwardMode: 'nat' })])

    const missing = await virtdeck(['vm', 'start', 'nosuch', '--host', 'Test driver'])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toBe(
      'virtdeck: There is no virtual machine “nosuch” on Test driver (List them with: virtdeck vm list --host "Test driver")\n',
    )
    const usage = await virtdeck(['vm', 'frobnicate'])
    expect(usage.code).toBe(2)
    expect(usage.stderr).toMatch(/^virtdeck: Unknown command: vm frobnicate/)
  })

  it('vm define shows the diff, refuses without --yes when not on a terminal, defines with --yes; history and restore', async () => {
    const name = uniqueName('vd-cli-xml', true)
    created.push(await defineTiny(name))
    const before = (await virtdeck(['vm', 'xml', name])).stdout
    expect(before).toContain(`<memory unit='KiB'>65536</memory>`)
    const file = join(dataDir, 'edited.xml')
    await writeFile(
      file,
      before.replace("<memory unit='KiB'>65536</memory>", "<memory unit='KiB'>131072</memory>"),
    )

    const refused = await virtdeck(['vm', 'define', name, file])
    expect(refused.code).toBe(2)
    expect(refused.stdout).toContain("-  <memory unit='KiB'>65536</memory>")
    expect(refused.stdout).toContain("+  <memory unit='KiB'>131072</memory>")
    expect(refused.stderr).toBe(
      'virtdeck: Nothing was changed: standard input is not a terminal, so confirm with --yes.\n',
    )
    expect((await virtdeck(['vm', 'xml', name])).stdout).toBe(before)

    const defined = await virtdeck(['vm', 'define', name, file, '--yes', '--reason', 'Twice the memory'])
    expect(defined.code).toBe(0)
    expect(defined.stdout).toMatch(/Defined .*The previous definition is kept: virtdeck vm restore/)
    expect((await virtdeck(['vm', 'xml', name])).stdout).toContain("<memory unit='KiB'>131072</memory>")
    const history = json<XmlHistoryEntry[]>(await virtdeck(['vm', 'history', name, '--json']))
    expect(history.map((h) => h.reason)).toEqual(['Twice the memory'])
    expect((await virtdeck(['vm', 'restore', name, String(history[0]?.id), '--yes'])).code).toBe(0)
    expect((await virtdeck(['vm', 'xml', name])).stdout).toBe(before)

    await writeFile(file, (await readFile(file, 'utf8')).replace('<vcpu', '<vcpux'))
    const invalid = await virtdeck(['vm', 'define', name, file, '--yes'])
    expect(invalid.code).toBe(2)
    expect(invalid.stderr).toMatch(/^virtdeck: /)
  })
})
