/**
 * Vagrant projects on a host reached over SSH: a real OpenSSH server on 127.0.0.1 as the saved
 * host, logged in as the test user `vdtest`. The Vagrantfile travels over SFTP, vagrant runs there
 * with VAGRANT_CWD, and a cancel stops the remote process group (checked with pgrep: same machine).
 */
import { execFileSync } from 'node:child_process'
import { chownSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { VagrantModelInput } from '@shared/vagrant.js'
import { vagrantModelSchema } from '@shared/vagrant.js'
import { Auditor } from '../src/main/services/auditor.js'
import { groupAlive, runVagrant } from '../src/main/vagrant/runner.js'
import { VagrantService } from '../src/main/vagrant/service.js'
import type { TestApp } from './support/app.js'
import { startSshApp, type SshApp } from './support/ssh-app.js'

let t: TestApp
let ssh: SshApp
let hostId: string
let root: string
let service: VagrantService
let env: Record<string, string>

beforeAll(async () => {
  ssh = await startSshApp()
  t = ssh.t
  hostId = ssh.hostId
  root = mkdtempSync(join(tmpdir(), 'virtdeck-vagrant-ssh-'))
  const uid = Number(execFileSync('id', ['-u', ssh.sshd.user], { encoding: 'utf8' }))
  chownSync(root, uid, uid)
  env = {
    VAGRANT_HOME: join(root, 'vagrant-home'),
    VAGRANT_CHECKPOINT_DISABLE: '1',
    VAGRANT_DEFAULT_PROVIDER: 'libvirt',
  }
  service = new VagrantService({
    store: t.app.store,
    registry: t.app.registry,
    auditor: new Auditor(t.app.store.audit),
    env,
  })
}, 60_000)

afterAll(async () => {
  await ssh?.stop()
  rmSync(root, { recursive: true, force: true })
}, 60_000)

describe('vagrant over SSH', () => {
  it('detects vagrant, creates a designer project over SFTP, validates it and reads its status', async () => {
    const info = await service.detect(hostId)
    expect(info).toMatchObject({ installed: true, version: expect.stringMatching(/^2\./) })
    const model: VagrantModelInput = {
      box: 'local/none',
      providers: { libvirt: { driver: 'qemu', memory: 256, uri: 'qemu:///system' } },
      machines: [{ name: "it's web" }, { name: 'db' }],
    }
    const path = join(root, 'remote project')
    const project = await service.create(hostId, path, undefined, vagrantModelSchema.parse(model))
    expect(project).toMatchObject({ hostId, path, name: 'remote project' })
    expect((await service.open(project.id)).kind).toBe('designer')
    const validation = await service.validate(project.id)
    expect(validation.ok, JSON.stringify(validation.messages)).toBe(true)
    const status = await service.status(project.id)
    expect(status.map((m) => [m.name, m.provider, m.state])).toEqual([
      ["it's web", 'libvirt', 'not_created'],
      ['db', 'libvirt', 'not_created'],
    ])

    // Machine links over SSH: the id file Vagrant keeps, found with one remote find and read over SFTP.
    const host = await t.app.registry.get(hostId)
    expect(await service.links(hostId)).toEqual([])
    const idDir = join(path, '.vagrant', 'machines', "it's web", 'libvirt')
    expect((await host.exec('mkdir', ['-p', '--', idDir])).code).toBe(0)
    await host.writeFile(join(idDir, 'id'), '0c3a2f4e-1111-4222-8333-444455556666\n')
    expect(await service.links(hostId)).toEqual([
      {
        hostId,
        projectId: project.id,
        projectName: 'remote project',
        projectPath: path,
        machine: "it's web",
        provider: 'libvirt',
        id: '0c3a2f4e-1111-4222-8333-444455556666',
      },
    ])
    // The bridge picker's list comes from that host too.
    expect((await service.interfaces(hostId)).map((i) => i.name)).toContain('virbr0')
  }, 60_000)

  it('sees whether a remote process group is alive (kill is the remote sh builtin, dash here)', async () => {
    const host = await t.app.registry.get(hostId)
    const proc = await host.spawn('setsid', ['-w', 'sh', '-c', 'echo "$$"; exec sleep 30'])
    proc.stdin.end()
    const pgid = await new Promise<number>((resolve) => {
      proc.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString('utf8').trim())))
    })
    expect(await groupAlive(host, pgid)).toBe(true)
    await host.exec('kill', ['-s', 'TERM', '--', `-${pgid}`])
    await proc.exited
    expect(await groupAlive(host, pgid)).toBe(false)
  }, 60_000)

  it('cancel stops the remote process group; nothing is left', async () => {
    const host = await t.app.registry.get(hostId)
    const dir = join(root, 'sleeper')
    await host.exec('mkdir', ['-p', dir])
    await host.writeFile(
      join(dir, 'Vagrantfile'),
      "Process.spawn('sh', '-c', 'trap \"\" INT; sleep 300')\n$stdout.write(\"#{Time.now.to_i},,ui,info,busy\\n\")\nsleep 120\n",
    )
    const controller = new AbortController()
    let pgid = 0
    let during = ''
    const outcome = await runVagrant(host, {
      cwd: dir,
      args: ['status'],
      env,
      signal: controller.signal,
      graceMs: 1500,
      onStart: (id) => (pgid = id),
      onLine: (line) => {
        if (line.kind === 'record' && line.data[1] === 'busy')
          setTimeout(() => {
            during = execFileSync('pgrep', ['-a', '-g', String(pgid)], { encoding: 'utf8' })
            controller.abort()
          }, 200)
      },
    })
    expect(outcome).toMatchObject({ cancelled: true, pgid })
    expect(during).toContain('sleep 300')
    let left = ''
    try {
      left = execFileSync('pgrep', ['-a', '-g', String(pgid)], { encoding: 'utf8' })
    } catch {
      left = ''
    }
    expect(left).toBe('')
  }, 60_000)
})
