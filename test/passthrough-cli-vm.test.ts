import { mkdtempSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Output } from '../src/cli/output.js'
import { passthroughCommand } from '../src/cli/passthrough.js'
import { createApp } from '../src/main/app.js'
import type { App } from '../src/main/app.js'
import { createEphemeralCipher } from '../src/main/store/ephemeral-cipher.js'
import type { HostChangeRecord } from '@shared/changes.js'
import type { PassthroughLaunchReport } from '@shared/passthrough-vm.js'
import type { AppError } from '@shared/errors.js'
import { defineGamingDomain } from './support/gaming-domain.js'
import { HOSTILE, otherVirsh, removeDomain, uniqueName } from './support/libvirt.js'
import { passthroughMachine } from './support/passthrough-machine.js'
import type { TempRootHost } from './support/temp-root-host.js'

/**
 * `virtdeck passthrough vm|launch|hooks` in process (the CLI's code over the app's router) on the
 * REAL qemu:///system and a TEMP-ROOT host with the CAPTURED intel-z370-gt1030 tree: the VM change
 * applied with --yes and named for undo, launch refused by pre-flight (exit code 1), bad input
 * refused before anything runs.
 */

let app: App
let machine: TempRootHost
let dataDir = ''
const domains: string[] = []

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'virtdeck-pt-cli-vm-'))
  let root = ''
  app = createApp({
    dataDir,
    cipher: createEphemeralCipher(Buffer.alloc(32, 4)),
    homeDir: dataDir,
    passthroughReadRoot: () => root,
  })
  const hostId = app.hosts.list().find((h) => h.kind === 'local')?.id ?? ''
  machine = await passthroughMachine(hostId)
  root = machine.root
  app.registry.register(hostId, machine)
}, 30_000)

afterAll(async () => {
  for (const uuid of domains) await removeDomain(uuid)
  await app?.close()
  await machine?.dispose()
  await rm(dataDir, { recursive: true, force: true })
})

function output(): { out: Output; values: unknown[] } {
  const values: unknown[] = []
  return { out: { json: true, result: (v) => values.push(v), info: () => undefined }, values }
}

describe('virtdeck passthrough vm | launch | hooks (captured tree, real qemu:///system)', () => {
  it('vm --yes applies one change (hostdevs, Code 43, Looking Glass file); launch is refused by pre-flight with exit code 1', async () => {
    const vm = uniqueName('vd-ptcli')
    domains.push(await defineGamingDomain(vm))
    const { out, values } = output()
    await passthroughCommand(
      app,
      [
        'vm',
        '--vm',
        vm,
        '--gpu',
        '01:00.0',
        '--code43',
        '--looking-glass',
        '1920x1080',
        '--tune',
        'cpu-mode',
        '--yes',
        '--json',
      ],
      out,
    )
    const change = values[0] as HostChangeRecord
    expect(change.capability).toBe('passthrough-vm')
    expect(change.files.map((f) => f.path)).toEqual(['/etc/tmpfiles.d/10-looking-glass.conf'])
    const xml = await otherVirsh(['dumpxml', '--domain', vm, '--inactive'])
    expect(xml.match(/<hostdev /g)).toHaveLength(2)
    expect(xml).toContain("<vendor_id state='on' value='virtdeck0000'/>")

    const launched = output()
    process.exitCode = 0
    await passthroughCommand(app, ['launch', '--vm', vm, '--watch', '2', '--json'], launched.out)
    const report = launched.values[0] as PassthroughLaunchReport
    expect(report.started).toBe(false)
    expect(report.verdict).toMatch(/^Not started: Every passed-through function is on vfio-pci/)
    expect(process.exitCode).toBe(1)
    process.exitCode = 0
  })

  it('bad input is refused before anything runs', async () => {
    const { out } = output()
    const run = async (args: string[]): Promise<AppError> =>
      (await passthroughCommand(app, args, out).then(
        () => undefined,
        (e: unknown) => e,
      )) as AppError
    expect((await run(['vm', '--gpu', '01:00.0', '--yes'])).message).toMatch(/say --vm NAME/)
    expect((await run(['vm', '--vm', 'x', '--gpu', "01:00.0'; reboot"])).code).toBe('INVALID_INPUT')
    expect((await run(['vm', '--vm', 'x', '--gpu', '01:00.0', '--looking-glass', 'big'])).code).toBe(
      'INVALID_INPUT',
    )
    expect((await run(['vm', '--vm', 'x', '--gpu', '01:00.0', '--tune', 'rm -rf'])).code).toBe(
      'INVALID_INPUT',
    )
    expect((await run(['launch', '--vm', `gone${HOSTILE}`, '--watch', '2'])).code).toBe('NOT_FOUND')
    expect(
      (await run(['hooks', '--vm', 'x', '--gpu', '01:00.0', '--display-manager', '$(id).service'])).code,
    ).toBe('INVALID_INPUT')
  })
})
