/**
 * Every Vagrantfile the designer generates is accepted by real `vagrant validate` (Debian's vagrant
 * 2.3.4 with vagrant-libvirt), for each provider, and hostile values come back from Vagrant's own
 * config loader exactly as typed — `#{…}` is never evaluated. VirtualBox cannot be installed here:
 * its settings are validated with a stand-in `VBoxManage` that only answers `--version`.
 */
import { existsSync, rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { VagrantModel, VagrantModelInput } from '@shared/vagrant.js'
import { machineSchema, vagrantModelSchema } from '@shared/vagrant.js'
import { generateVagrantfile } from '../src/main/vagrant/generate.js'
import { fullModel, hostileText } from '../src/main/vagrant/sample-models.js'
import type { VagrantSandbox } from './support/vagrant.js'
import { vagrantSandbox } from './support/vagrant.js'

const PWNED = `/tmp/pwned-vagrant-${process.pid}`
const hostile = hostileText(PWNED)
const full = vagrantModelSchema.parse(fullModel(hostile))

/** The files the full model's provisioners and folders point at; Vagrant checks they exist. */
const FILES = ['scripts/setup.sh', 'é 日本 🙂 ü', 'salt/minion', 'main.cf', 'site.yml', 'manifests/site.pp']
const DIRS = ['manifests', 'modules', 'nodes', 'cookbooks', 'shared', hostile[1] ?? '']

/** Docker and VirtualBox have no virtiofs: the same model without that folder. */
function withoutVirtiofs(model: VagrantModel): VagrantModel {
  return {
    ...model,
    machines: model.machines.map((m) => ({
      ...m,
      syncedFolders: m.syncedFolders.filter((f) => f.type !== 'virtiofs'),
    })),
  }
}

/** Each hostile text in every kind of place a user types text into. */
function hostileModel(): VagrantModel {
  const input: VagrantModelInput = {
    box: hostile[0],
    provisioners: hostile.map((h, i) => ({
      type: 'shell' as const,
      ...(h === '' ? {} : { name: `${i}: ${h.replace(/[\r\n]/g, ' ')}` }),
      inline: h === '' ? 'true' : h,
      args: [h],
    })),
    providers: { docker: { image: 'busybox', cmd: hostile, hasSsh: false } },
    machines: hostile
      .filter((h) => machineSchema.safeParse({ name: h }).success)
      .map((h) => ({
        name: h,
        hostname: 'h',
        provisioners: [
          { type: 'ansible', playbook: 'site.yml', extraVars: { [h.replace(/[\r\n]/g, ' ')]: h } },
        ],
      })),
  }
  return vagrantModelSchema.parse(input)
}

let sandbox: VagrantSandbox

beforeAll(() => {
  rmSync(PWNED, { force: true })
  sandbox = vagrantSandbox()
})
afterAll(async () => {
  await sandbox.close()
  rmSync(PWNED, { force: true })
})

// vagrant starts slowly (1–3 s, more on a busy machine).
describe('vagrant validate accepts every generated Vagrantfile', { timeout: 60_000 }, () => {
  const cases: { name: string; model: () => VagrantModel; provider: 'libvirt' | 'docker' | 'virtualbox' }[] =
    [
      {
        name: 'libvirt: all networks, provisioners, synced folders, four machines',
        model: () => full,
        provider: 'libvirt',
      },
      { name: 'docker provider', model: () => withoutVirtiofs(full), provider: 'docker' },
      {
        name: 'virtualbox provider (VBoxManage stand-in)',
        model: () => withoutVirtiofs(full),
        provider: 'virtualbox',
      },
      { name: 'hostile text everywhere, docker provider', model: hostileModel, provider: 'docker' },
      { name: 'an empty model', model: () => vagrantModelSchema.parse({ box: 'x' }), provider: 'libvirt' },
    ]
  for (const c of cases) {
    it(c.name, async () => {
      const dir = sandbox.project(c.name.replace(/\W+/g, '-'), generateVagrantfile(c.model()), FILES, DIRS)
      const extra: Record<string, string> = { VAGRANT_DEFAULT_PROVIDER: c.provider }
      if (c.provider === 'virtualbox')
        extra['PATH'] = `${sandbox.virtualboxStandIn()}:${process.env['PATH'] ?? ''}`
      const r = await sandbox.run(dir, ['validate'], extra)
      expect(r.stderr + r.stdout).toContain('Vagrantfile validated successfully.')
      expect(r.code).toBe(0)
      expect(existsSync(PWNED)).toBe(false)
    })
  }

  it('is a real check: a setting vagrant-libvirt does not know fails', async () => {
    const text = generateVagrantfile(full).replace('libvirt.nested = true', 'libvirt.nestedd = true')
    const dir = sandbox.project('typo', text, FILES, DIRS)
    const r = await sandbox.run(dir, ['validate'], { VAGRANT_DEFAULT_PROVIDER: 'libvirt' })
    expect(r.code).toBe(1)
    expect(r.stderr).toContain("The following settings shouldn't exist: nestedd")
  })
})

// vagrant starts slowly (1–3 s, more on a busy machine).
describe('hostile values stay data', { timeout: 60_000 }, () => {
  it('Vagrant reads back every value exactly as typed, and #{…} never runs', async () => {
    const model = hostileModel()
    const dir = sandbox.project('readback', generateVagrantfile(model), FILES, DIRS)
    const dump = await sandbox.dump(dir, 'docker')
    expect(Object.keys(dump)).toEqual(model.machines.map((m) => m.name))
    for (const machine of model.machines) {
      const read = dump[machine.name]
      expect(read?.box).toBe(hostile[0])
      const shells = read?.provisioners.filter((p) => p.type === 'shell') ?? []
      expect(shells.map((p) => p.config['inline'])).toEqual(
        model.provisioners.map((p) => (p.type === 'shell' ? p.inline : '')),
      )
      expect(shells.map((p) => p.config['args'])).toEqual(hostile.map((h) => [h]))
      expect(shells.map((p) => p.name)).toEqual(model.provisioners.map((p) => p.name ?? null))
      expect(read?.provider['cmd']).toEqual(hostile)
      const ansible = read?.provisioners.find((p) => p.type === 'ansible')
      expect(ansible?.config['extra_vars']).toEqual(
        machine.provisioners[0]?.type === 'ansible' ? machine.provisioners[0].extraVars : {},
      )
    }
    const folders = (
      await sandbox.dump(sandbox.project('readback-full', generateVagrantfile(full), FILES, DIRS), 'docker')
    )['web']
    expect(folders?.synced_folders['/data']?.['hostpath']).toBe(hostile[1])
    expect(folders?.networks[0]?.[1]['id']).toBe(hostile[0])
    expect(existsSync(PWNED)).toBe(false)
  })
})
