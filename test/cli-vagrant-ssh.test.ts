/**
 * `virtdeck vagrant up|status PROJECT --json --host Loopback` as child processes, the project on a
 * host reached over SSH (the real loopback sshd, user vdtest, key auth): Vagrant runs there with
 * the docker provider on the offline busybox image. vdtest is put in the docker group
 * (root-equivalent: acceptable for the throw-away test account), as test/cli-docker.test.ts does.
 */
import { execFileSync } from 'node:child_process'
import { chownSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { VagrantMachineStatus, VagrantProject, VagrantRunResult } from '@shared/vagrant-contract.js'
import { createApp } from '../src/main/app.js'
import { createEphemeralCipher } from '../src/main/store/ephemeral-cipher.js'
import { runVirtdeck } from './support/cli.js'
import { lockDockerd } from './support/docker.js'
import { addLoopbackHost, startLoopbackSshd } from './support/ssh-app.js'
import type { TestSshd } from './support/sshd.js'
import { busyboxImage } from './support/vagrant.js'

let sshd: TestSshd
let dataDir: string
let root: string
let dir: string
let release: () => Promise<void>

beforeAll(async () => {
  release = await lockDockerd('shared')
  sshd = await startLoopbackSshd({ groups: ['docker'] })
  root = mkdtempSync(join(tmpdir(), 'virtdeck-cli-vagrant-ssh-'))
  const image = await busyboxImage(root)
  const uid = Number(execFileSync('id', ['-u', sshd.user], { encoding: 'utf8' }))
  dir = join(root, "remote 'project'")
  mkdirSync(dir)
  writeFileSync(
    join(dir, 'Vagrantfile'),
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
  for (const path of [root, dir, join(dir, 'Vagrantfile')]) chownSync(path, uid, uid)
  dataDir = mkdtempSync(join(tmpdir(), 'virtdeck-cli-vagrant-ssh-data-'))
  const app = createApp({ dataDir, cipher: createEphemeralCipher(), homeDir: dataDir })
  await addLoopbackHost(app, sshd, { auth: 'key' })
  await app.close()
}, 150_000)

afterAll(async () => {
  // Whatever an assertion left: destroy it as vdtest would.
  await runVirtdeck(['vagrant', 'destroy', 'remote', '--yes', '--host', 'Loopback', '--json'], dataDir)
  await sshd?.stop()
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true })
  if (root !== undefined) await rm(root, { recursive: true, force: true })
  await release?.()
}, 120_000)

describe('virtdeck vagrant over SSH', () => {
  it('up --json and status --json on a project of an SSH host', async () => {
    const add = await runVirtdeck(
      ['vagrant', 'add', dir, '--name', 'remote', '--host', 'Loopback', '--json'],
      dataDir,
    )
    expect(add.code, add.stderr).toBe(0)
    const project = JSON.parse(add.stdout) as VagrantProject
    expect(project).toMatchObject({ name: 'remote', path: dir })
    expect(project.hostId).not.toBe('local')

    const up = await runVirtdeck(
      ['vagrant', 'up', 'remote', '--provider', 'docker', '--host', 'Loopback', '--json'],
      dataDir,
    )
    expect(up.code, up.stderr + up.stdout).toBe(0)
    const result = JSON.parse(up.stdout) as VagrantRunResult
    expect(result).toMatchObject({ action: 'up', ok: true })
    expect(result.machines).toMatchObject([{ name: 'one', provider: 'docker', state: 'running' }])
    // The container was made by vdtest's vagrant: its id file is in the project, owned by vdtest.
    const id = result.machines[0]?.id ?? ''
    expect(id).toMatch(/^[0-9a-f]{12,64}$/)

    const status = await runVirtdeck(['vagrant', 'status', 'remote', '--host', 'Loopback', '--json'], dataDir)
    expect(status.code, status.stderr).toBe(0)
    expect(JSON.parse(status.stdout) as VagrantMachineStatus[]).toEqual([
      expect.objectContaining({ name: 'one', provider: 'docker', state: 'running', id }),
    ])

    const destroy = await runVirtdeck(
      ['vagrant', 'destroy', 'remote', '--yes', '--host', 'Loopback', '--json'],
      dataDir,
    )
    expect(destroy.code, destroy.stderr).toBe(0)
    expect((JSON.parse(destroy.stdout) as VagrantRunResult).machines.map((m) => m.state)).toEqual([
      'not_created',
    ])
  }, 150_000)
})
