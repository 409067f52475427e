/** `virtdeck vagrant …` as a child process on a temp profile, with real vagrant and the docker provider. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type {
  VagrantBox,
  VagrantBoxOutdated,
  VagrantBoxRemoveResult,
  VagrantMachineStatus,
  VagrantProject,
  VagrantRunResult,
  VagrantValidation,
} from '@shared/vagrant-contract.js'
import { runVirtdeck } from './support/cli.js'
import type { VagrantSandbox } from './support/vagrant.js'
import { busyboxImage, emptyLibvirtBox, vagrantSandbox } from './support/vagrant.js'

let sandbox: VagrantSandbox
let dataDir: string
let dir: string
const saved = { ...process.env }

beforeAll(async () => {
  sandbox = vagrantSandbox()
  const image = await busyboxImage(sandbox.root)
  Object.assign(process.env, sandbox.env())
  dataDir = mkdtempSync(join(tmpdir(), 'virtdeck-cli-vagrant-'))
  dir = sandbox.project(
    'cli project',
    [
      'Vagrant.configure("2") do |config|',
      "  config.vm.synced_folder '.', '/vagrant', disabled: true",
      '  config.vm.provider :docker do |d|',
      `    d.image = '${image}'`,
      "    d.cmd = ['sleep', '3600']",
      '    d.has_ssh = false',
      '  end',
      "  config.vm.define 'one'",
      'end',
      '',
    ].join('\n'),
  )
})
afterAll(async () => {
  if (existsSync(join(dir, '.vagrant'))) await sandbox.run(dir, ['destroy', '-f'])
  process.env = saved
  rmSync(dataDir, { recursive: true, force: true })
  await sandbox.close()
})

describe('virtdeck vagrant', () => {
  it('adds a project, lists, validates, brings it up, reads status, refuses an unconfirmed destroy, destroys', async () => {
    const add = await runVirtdeck(['vagrant', 'add', dir, '--name', 'cli', '--json'], dataDir)
    expect(add.code, add.stderr).toBe(0)
    const project = JSON.parse(add.stdout) as VagrantProject
    expect(project).toMatchObject({ name: 'cli', path: dir, hostId: 'local' })

    const list = await runVirtdeck(['vagrant', 'projects', '--json'], dataDir)
    expect((JSON.parse(list.stdout) as VagrantProject[]).map((p) => p.name)).toEqual(['cli'])

    const validate = await runVirtdeck(['vagrant', 'validate', 'cli', '--json'], dataDir)
    expect(validate.code, validate.stderr).toBe(0)
    expect((JSON.parse(validate.stdout) as VagrantValidation).ok).toBe(true)

    const up = await runVirtdeck(['vagrant', 'up', 'cli', '--provider', 'docker', '--json'], dataDir)
    expect(up.code, up.stderr + up.stdout).toBe(0)
    const upResult = JSON.parse(up.stdout) as VagrantRunResult
    expect(upResult.machines).toMatchObject([{ name: 'one', provider: 'docker', state: 'running' }])

    const status = await runVirtdeck(['vagrant', 'status', dir, '--json'], dataDir)
    expect((JSON.parse(status.stdout) as VagrantMachineStatus[]).map((m) => m.state)).toEqual(['running'])
    const text = await runVirtdeck(['vagrant', 'status', 'cli'], dataDir)
    expect(text.stdout).toMatch(/^MACHINE\s+PROVIDER\s+STATE\none\s+docker\s+running/)

    const refused = await runVirtdeck(['vagrant', 'destroy', 'cli', '--json'], dataDir)
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain('confirm with --yes')

    const destroy = await runVirtdeck(['vagrant', 'destroy', 'cli', '--yes', '--json'], dataDir)
    expect(destroy.code, destroy.stderr).toBe(0)
    expect((JSON.parse(destroy.stdout) as VagrantRunResult).machines.map((m) => m.state)).toEqual([
      'not_created',
    ])
  }, 120_000)

  it('says what is wrong with a bad command line', async () => {
    const unknown = await runVirtdeck(['vagrant', 'status', 'nope', '--json'], dataDir)
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain('No Vagrant project is called “nope”')
    const usage = await runVirtdeck(['vagrant', 'frobnicate'], dataDir)
    expect(usage.code).toBe(2)
    expect(usage.stderr).toContain('Unknown vagrant command: frobnicate')
  })

  it('box add (a .box file), list, outdated, remove only when confirmed', async () => {
    const file = emptyLibvirtBox(sandbox.root)
    const add = await runVirtdeck(['vagrant', 'box', 'add', file, '--name', 'cli/empty', '--json'], dataDir)
    expect(add.code, add.stderr).toBe(0)
    const list = await runVirtdeck(['vagrant', 'box', 'list', '--json'], dataDir)
    expect(JSON.parse(list.stdout) as VagrantBox[]).toContainEqual({
      name: 'cli/empty',
      provider: 'libvirt',
      version: '0',
    })
    const outdated = await runVirtdeck(['vagrant', 'box', 'outdated'], dataDir)
    expect(outdated.stdout).toContain('local: cli/empty (libvirt) was added from a file')
    const json = JSON.parse((await runVirtdeck(['vagrant', 'box', 'outdated', '--json'], dataDir)).stdout)
    expect((json as VagrantBoxOutdated[]).map((b) => b.state)).toEqual(['local'])
    const refused = await runVirtdeck(['vagrant', 'box', 'remove', 'cli/empty'], dataDir)
    expect(refused.code).toBe(2)
    const removed = await runVirtdeck(['vagrant', 'box', 'remove', 'cli/empty', '--yes', '--json'], dataDir)
    expect(removed.code, removed.stderr).toBe(0)
    expect(JSON.parse(removed.stdout) as VagrantBoxRemoveResult).toMatchObject({ removed: true })
    const bad = await runVirtdeck(['vagrant', 'box', 'add', '--', '-rf', '--name', 'x'], dataDir)
    expect(bad.code).not.toBe(0)
  }, 60_000)
})
