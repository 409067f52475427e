import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { vagrantModelSchema } from '@shared/vagrant.js'
import { modelWarnings } from '@shared/vagrant.js'
import { generateVagrantfile } from './generate.js'
import { openVagrantfile } from './model-block.js'
import { fullModel, hostileText } from './sample-models.js'

const model = vagrantModelSchema.parse(fullModel(hostileText('/tmp/pwned-unit')))
const fixtures = join(import.meta.dirname, '../../../test/fixtures/vagrant/vagrantfiles')

describe('Vagrantfile generator', () => {
  it('writes an idiomatic Vagrantfile and opens it back into the same model', () => {
    const text = generateVagrantfile(model)
    expect(text).toContain('Vagrant.configure("2") do |config|')
    expect(text).toContain("config.vm.define 'web', primary: true do |web|")
    expect(text).toContain("web.vm.network 'private_network', ip: '192.168.56.10', netmask: '255.255.255.0'")
    expect(text).toContain("vb.customize ['modifyvm', :id, '--memory', '1024', '--cpus', '2']")
    const opened = openVagrantfile(text)
    expect(opened.kind).toBe('designer')
    expect(opened.kind === 'designer' && opened.model).toEqual(model)
    expect(generateVagrantfile(vagrantModelSchema.parse({}))).toContain(
      'Vagrant.configure("2") do |config|\nend\n',
    )
  })

  it('opens a generated file edited by hand as text, with the model only for reference', () => {
    const text = generateVagrantfile(model).replace(
      "config.vm.box = 'debian/bookworm64'",
      "config.vm.box = 'mine'",
    )
    const opened = openVagrantfile(text)
    expect(opened.kind).toBe('edited')
    expect(opened.text).toBe(text)
    const appended = `${generateVagrantfile(model)}puts 'added below the block'\n`
    expect(openVagrantfile(appended).kind).toBe('edited')
  })

  it('opens a damaged model block as a hand-written file', () => {
    const text = generateVagrantfile(model).replace(/^# [A-Za-z0-9+/]{10}/m, '# !!!!!!!!!!')
    expect(openVagrantfile(text)).toMatchObject({
      kind: 'handwritten',
      note: expect.stringContaining('damaged'),
    })
  })

  it('opens every real hand-written Vagrantfile as text, byte for byte', () => {
    const files = readdirSync(fixtures).filter((f) => f.endsWith('.Vagrantfile'))
    expect(files.length).toBeGreaterThanOrEqual(4)
    for (const file of files) {
      const text = readFileSync(join(fixtures, file), 'utf8')
      expect(openVagrantfile(text)).toEqual({ kind: 'handwritten', text })
    }
  })

  it('warns that virtiofs needs shared memory on libvirt', () => {
    const m = vagrantModelSchema.parse({
      syncedFolders: [{ hostPath: '.', guestPath: '/x', type: 'virtiofs' }],
    })
    expect(modelWarnings(m)).toEqual([expect.stringContaining('shared memory')])
    const shared = vagrantModelSchema.parse({ ...m, providers: { libvirt: { sharedMemory: true } } })
    expect(modelWarnings(shared)).toEqual([])
  })

  it('refuses models Vagrant could not hold', () => {
    expect(vagrantModelSchema.safeParse({ box: 'a\ud800' }).success).toBe(false)
    expect(vagrantModelSchema.safeParse({ machines: [{ name: 'a' }, { name: 'a' }] }).success).toBe(false)
    expect(
      vagrantModelSchema.safeParse({ provisioners: [{ type: 'shell', inline: 'x', path: 'y' }] }).success,
    ).toBe(false)
    expect(vagrantModelSchema.safeParse({ networks: [{ kind: 'private_network' }] }).success).toBe(false)
  })
})
