/**
 * Vagrant projects through the app's router (as the panel and the CLI call them), on this computer
 * with real vagrant: the projects table, the designer's files, validate, status, detection, and a
 * plugin install that fails (its proxy is a closed loopback port) with the explanation.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest'
import type { InputOf, OutputOf } from '@shared/contract.js'
import type { VagrantModelInput } from '@shared/vagrant.js'
import type { VagrantProject, VagrantRunResult } from '@shared/vagrant-contract.js'
import { fixturesDir } from './support/fixtures.js'
import type { TestApp } from './support/app.js'
import { startTestApp } from './support/app.js'
import type { VagrantSandbox } from './support/vagrant.js'
import { vagrantSandbox } from './support/vagrant.js'

let t: TestApp
let sandbox: VagrantSandbox
const saved = { ...process.env }

const twoMachines: VagrantModelInput = {
  box: 'local/none',
  syncedFolders: [{ hostPath: '.', guestPath: '/vagrant', disabled: true }],
  providers: { docker: { image: 'busybox', cmd: ['sleep', '3600'], hasSsh: false } },
  machines: [
    { name: 'web', primary: true, provisioners: [{ type: 'shell', inline: 'echo "#{web}"\n' }] },
    { name: 'db', autostart: false },
  ],
}

beforeAll(() => {
  sandbox = vagrantSandbox()
  // Every vagrant the app starts on this computer inherits these: a private Vagrant home, docker as
  // the default provider, and no way out to the Internet.
  Object.assign(
    process.env,
    sandbox.env({
      VAGRANT_DEFAULT_PROVIDER: 'docker',
      https_proxy: 'http://127.0.0.1:9',
      http_proxy: 'http://127.0.0.1:9',
    }),
  )
  t = startTestApp()
})
afterAll(async () => {
  await t.close()
  process.env = saved
  await sandbox.close()
})

// vagrant starts slowly (1–3 s, more on a busy machine).
describe('vagrant service', { timeout: 60_000 }, () => {
  it('pins the channel types', () => {
    expectTypeOf<OutputOf<'vagrant.projects'>>().toEqualTypeOf<VagrantProject[]>()
    expectTypeOf<OutputOf<'vagrant.run'>>().toEqualTypeOf<VagrantRunResult>()
    expectTypeOf<InputOf<'vagrant.run'>>().toHaveProperty('action')
  })

  it('detects vagrant and its plugins', async () => {
    const info = await t.call('vagrant.detect', { hostId: 'local' })
    expect(info).toMatchObject({ installed: true, version: expect.stringMatching(/^2\.\d+\.\d+/) })
    expect(info.plugins.map((p) => p.name)).toContain('vagrant-libvirt')
    expect(await t.call('vagrant.boxes', { hostId: 'local' })).toEqual([])
  })

  it('creates a project from the designer, reopens it as its model, validates it and reads its status', async () => {
    const path = join(sandbox.root, 'designer-project')
    const project = await t.call('vagrant.create', {
      hostId: 'local',
      path,
      name: 'Two machines',
      model: twoMachines,
    })
    expect(project).toMatchObject({ hostId: 'local', path, name: 'Two machines' })
    expect(await t.call('vagrant.projects', {})).toContainEqual(project)
    const opened = await t.call('vagrant.open', { projectId: project.id })
    expect(opened.kind).toBe('designer')
    expect(opened.kind === 'designer' && opened.model.machines.map((m) => m.name)).toEqual(['web', 'db'])
    const validation = await t.call('vagrant.validate', { projectId: project.id })
    expect(validation).toMatchObject({ ok: true, warnings: [] })
    const status = await t.call('vagrant.status', { projectId: project.id })
    expect(status.map((m) => [m.name, m.provider, m.state])).toEqual([
      ['web', 'docker', 'not_created'],
      ['db', 'docker', 'not_created'],
    ])
    // Saving again rewrites the designer's own file; creating over it again is allowed too.
    const saved = await t.call('vagrant.save', {
      projectId: project.id,
      model: { ...twoMachines, providers: { docker: { image: 'busybox', hasSsh: false, cmd: ['true'] } } },
    })
    expect(saved.ok).toBe(true)
    expect(readFileSync(join(path, 'Vagrantfile'), 'utf8')).toContain("docker.cmd = ['true']")
  })

  it('reports a validation error of a file changed by hand, and never rewrites that file', async () => {
    const path = join(sandbox.root, 'edited-project')
    const project = await t.call('vagrant.create', { hostId: 'local', path, model: twoMachines })
    const file = join(path, 'Vagrantfile')
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        'docker.has_ssh = false',
        "docker.has_ssh = false\n    docker.imagee = 'x'",
      ),
    )
    const opened = await t.call('vagrant.open', { projectId: project.id })
    expect(opened.kind).toBe('edited')
    const validation = await t.call('vagrant.validate', { projectId: project.id })
    expect(validation.ok).toBe(false)
    // Two machines: Vagrant stops at the first invalid one without naming it, so no machine is claimed.
    expect(validation.messages).toEqual([
      {
        level: 'error',
        text: expect.stringContaining("docker provider:\n* The following settings shouldn't exist: imagee"),
      },
    ])
    const before = readFileSync(file, 'utf8')
    await expect(t.call('vagrant.save', { projectId: project.id, model: twoMachines })).rejects.toMatchObject(
      { code: 'CONFLICT' },
    )
    await expect(
      t.call('vagrant.create', { hostId: 'local', path, model: twoMachines }),
    ).rejects.toMatchObject({ code: 'CONFLICT' })
    expect(readFileSync(file, 'utf8')).toBe(before)
  })

  it('saves a hand-written Vagrantfile edited as text (validated), never over a change made meanwhile', async () => {
    const text =
      'Vagrant.configure("2") do |config|\n  config.vm.box = "local/none"\n' +
      '  config.vm.provider "docker" do |d|\n    d.image = "busybox"\n  end\nend\n'
    const dir = sandbox.project('edited-as-text', text)
    const project = await t.call('vagrant.add', { hostId: 'local', path: dir })
    const edited = text.replace(
      'end\n',
      '  config.vm.hostname = "web-1"\n  # $(touch /tmp/vd-pwned) #{nothing}\nend\n',
    )
    const ok = await t.call('vagrant.saveText', { projectId: project.id, text: edited, opened: text })
    expect(ok.ok).toBe(true)
    expect(readFileSync(join(dir, 'Vagrantfile'), 'utf8')).toBe(edited)
    expect(await t.call('vagrant.open', { projectId: project.id })).toEqual({
      kind: 'handwritten',
      text: edited,
    })

    const broken = edited.replace('config.vm.hostname', 'config.vm.no_such_setting')
    const bad = await t.call('vagrant.saveText', { projectId: project.id, text: broken, opened: edited })
    expect(bad.ok).toBe(false)
    expect(bad.messages.map((m) => m.text).join('\n')).toMatch(/no_such_setting/)

    // Someone else changes the file: an edit opened before is refused and nothing is written.
    writeFileSync(join(dir, 'Vagrantfile'), text)
    await expect(
      t.call('vagrant.saveText', { projectId: project.id, text: edited, opened: broken }),
    ).rejects.toMatchObject({ code: 'CONFLICT' })
    expect(readFileSync(join(dir, 'Vagrantfile'), 'utf8')).toBe(text)
    expect(existsSync('/tmp/vd-pwned')).toBe(false)
  })

  it('adds a hand-written project, opens it as text, and refuses folders without a Vagrantfile or odd paths', async () => {
    const text = readFileSync(
      join(fixturesDir, 'vagrant', 'vagrantfiles', 'two-machines-puppet-apply-no-provider.Vagrantfile'),
      'utf8',
    )
    const dir = sandbox.project('handwritten', text)
    const project = await t.call('vagrant.add', { hostId: 'local', path: `${dir}/` })
    expect(project).toMatchObject({ path: dir, name: 'handwritten' })
    expect(await t.call('vagrant.add', { hostId: 'local', path: dir })).toEqual(project)
    expect(await t.call('vagrant.open', { projectId: project.id })).toEqual({ kind: 'handwritten', text })
    await expect(t.call('vagrant.add', { hostId: 'local', path: sandbox.home })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    })
    for (const path of ['relative/dir', '/tmp/a\nb', ''])
      await expect(t.call('vagrant.add', { hostId: 'local', path })).rejects.toMatchObject({
        code: 'INVALID_INPUT',
      })
    await expect(
      t.call('vagrant.run', { projectId: project.id, action: 'up', machines: ['--provider=virtualbox'] }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    expect(await t.call('vagrant.remove', { projectId: project.id })).toEqual({ removed: true })
    expect((await t.call('vagrant.projects', {})).map((p) => p.id)).not.toContain(project.id)
  })

  it('a failed plugin install streams its output and names the distribution package', async () => {
    const progress: string[] = []
    const started = Date.now()
    const result = await t.call(
      'vagrant.pluginInstall',
      { hostId: 'local', plugin: 'vagrant-libvirt' },
      (p) => progress.push(p.message),
    )
    expect(result.installed).toBe(false)
    expect(progress[0]).toContain("Installing the 'vagrant-libvirt' plugin")
    expect(result.explanation).toContain('sudo apt install vagrant-libvirt')
    expect(result.explanation).toMatch(/could not reach rubygems\.org/)
    expect(Date.now() - started).toBeLessThan(60_000)
    const audit = await t.call('audit.list', { limit: 5 })
    expect(audit[0]).toMatchObject({ action: 'vagrant.plugin.install', target: 'vagrant-libvirt' })
  })
})

// vagrant starts slowly (1–3 s, more on a busy machine).
describe('validation of a one-machine project', { timeout: 60_000 }, () => {
  it('ties the error to the machine', async () => {
    const path = join(sandbox.root, 'one-machine')
    const project = await t.call('vagrant.create', {
      hostId: 'local',
      path,
      model: { providers: { docker: { image: 'busybox' } } },
    })
    const file = join(path, 'Vagrantfile')
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        "docker.image = 'busybox'",
        "docker.image = 'busybox'\n    docker.imagee = 'x'",
      ),
    )
    const validation = await t.call('vagrant.validate', { projectId: project.id })
    expect(validation.messages).toEqual([
      { level: 'error', machine: 'default', text: expect.stringContaining("shouldn't exist: imagee") },
    ])
  })
})

describe('pre-flight checks', { timeout: 60_000 }, () => {
  it('plugin, libvirt URI, named networks, bridges, boxes and host ports, with the libvirt provider', async () => {
    const busy = createServer()
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve))
    const taken = (busy.address() as AddressInfo).port
    const model: VagrantModelInput = {
      box: 'local/none',
      providers: { libvirt: { uri: 'qemu:///system' } },
      networks: [
        { kind: 'forwarded_port', guest: 80, host: taken },
        { kind: 'private_network', ip: '192.168.122.50', libvirt: { networkName: 'default' } },
        { kind: 'private_network', dhcp: true, libvirt: { networkName: 'vd-no-such-net' } },
      ],
      machines: [
        { name: 'one', networks: [{ kind: 'public_network', libvirt: { dev: 'lo', type: 'direct' } }] },
        { name: 'two', networks: [{ kind: 'public_network', libvirt: { dev: 'vdnobr0', type: 'direct' } }] },
      ],
    }
    const project = await t.call('vagrant.create', {
      hostId: 'local',
      path: join(sandbox.root, 'preflight'),
      model,
    })
    process.env['VAGRANT_DEFAULT_PROVIDER'] = 'libvirt'
    try {
      const v = await t.call('vagrant.validate', { projectId: project.id })
      const result = v.preflight.map((c) => [c.check, c.ok])
      expect(result).toEqual([
        ['plugin', true],
        ['libvirt', true],
        ['network', true],
        ['network', false],
        ['bridge', true],
        ['bridge', false],
        ['box', false],
        ['port', false],
      ])
      expect(v.preflight.find((c) => c.check === 'network' && !c.ok)?.message).toContain(
        'There is no libvirt network vd-no-such-net',
      )
      expect(v.preflight.find((c) => c.check === 'port')?.message).toContain(
        `Host port ${taken} is already in use`,
      )
    } finally {
      process.env['VAGRANT_DEFAULT_PROVIDER'] = 'docker'
      busy.close()
    }
  })

  it('lists the host interfaces for the bridge picker as /sys/class/net has them', async () => {
    const list = await t.call('vagrant.interfaces', { hostId: 'local' })
    const names = readdirSync('/sys/class/net')
      .filter((n) => n !== 'lo')
      .sort()
    expect(list.map((i) => i.name).sort()).toEqual(names)
    for (const i of list) {
      const dir = `/sys/class/net/${i.name}`
      expect(i.kind).toBe(
        existsSync(`${dir}/bridge`) ? 'bridge' : existsSync(`${dir}/device`) ? 'physical' : 'virtual',
      )
    }
    // libvirt's default network bridge is there on this machine (the testbed starts it).
    expect(list.find((i) => i.name === 'virbr0')).toMatchObject({ kind: 'bridge' })
    // Bridges come first.
    expect(list.findIndex((i) => i.kind !== 'bridge')).toBeGreaterThan(
      list.findLastIndex((i) => i.kind === 'bridge'),
    )
  })
})
