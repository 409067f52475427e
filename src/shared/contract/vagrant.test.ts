import { describe, expect, expectTypeOf, it } from 'vitest'
import type {
  HostInterface,
  PluginInstallResult,
  VagrantBox,
  VagrantBoxAddResult,
  VagrantBoxOutdated,
  VagrantBoxRemoveResult,
  VagrantInfo,
  VagrantMachineLink,
  VagrantMachineStatus,
  VagrantProject,
  VagrantRunResult,
  VagrantValidation,
  VagrantfileOpened,
} from '../vagrant-contract.js'
import type { OutputOf } from '../contract.js'
import { contract } from '../contract.js'
import { vagrantChannels } from './vagrant.js'

/** The vagrant channels pinned, one test per channel (see ../contract.test.ts). */

const PINNED = new Set<string>()
function pin(channel: keyof typeof vagrantChannels): void {
  PINNED.add(channel)
}

describe('the vagrant channels, one at a time', () => {
  it('vagrant.detect', () => {
    pin('vagrant.detect')
    expectTypeOf<OutputOf<'vagrant.detect'>>().toEqualTypeOf<VagrantInfo>()
    expect(contract['vagrant.detect'].streaming).toBe(false)
  })
  it('vagrant.pluginInstall', () => {
    pin('vagrant.pluginInstall')
    expectTypeOf<OutputOf<'vagrant.pluginInstall'>>().toEqualTypeOf<PluginInstallResult>()
    expect(contract['vagrant.pluginInstall'].streaming).toBe(true)
  })
  it('vagrant.projects', () => {
    pin('vagrant.projects')
    expectTypeOf<OutputOf<'vagrant.projects'>>().toEqualTypeOf<VagrantProject[]>()
    expect(contract['vagrant.projects'].streaming).toBe(false)
  })
  it('vagrant.add', () => {
    pin('vagrant.add')
    expectTypeOf<OutputOf<'vagrant.add'>>().toEqualTypeOf<VagrantProject>()
    expect(contract['vagrant.add'].streaming).toBe(false)
  })
  it('vagrant.create', () => {
    pin('vagrant.create')
    expectTypeOf<OutputOf<'vagrant.create'>>().toEqualTypeOf<VagrantProject>()
    expect(contract['vagrant.create'].streaming).toBe(false)
  })
  it('vagrant.remove', () => {
    pin('vagrant.remove')
    expectTypeOf<OutputOf<'vagrant.remove'>>().toEqualTypeOf<{ removed: boolean }>()
    expect(contract['vagrant.remove'].streaming).toBe(false)
  })
  it('vagrant.open', () => {
    pin('vagrant.open')
    expectTypeOf<OutputOf<'vagrant.open'>>().toEqualTypeOf<VagrantfileOpened>()
    expect(contract['vagrant.open'].streaming).toBe(false)
  })
  it('vagrant.generate', () => {
    pin('vagrant.generate')
    expectTypeOf<OutputOf<'vagrant.generate'>>().toEqualTypeOf<{ text: string; warnings: string[] }>()
    expect(contract['vagrant.generate'].streaming).toBe(false)
  })
  it('vagrant.save', () => {
    pin('vagrant.save')
    expectTypeOf<OutputOf<'vagrant.save'>>().toEqualTypeOf<VagrantValidation>()
    expect(contract['vagrant.save'].streaming).toBe(false)
  })
  it('vagrant.saveText', () => {
    pin('vagrant.saveText')
    expectTypeOf<OutputOf<'vagrant.saveText'>>().toEqualTypeOf<VagrantValidation>()
    expect(contract['vagrant.saveText'].streaming).toBe(false)
  })
  it('vagrant.validate', () => {
    pin('vagrant.validate')
    expectTypeOf<OutputOf<'vagrant.validate'>>().toEqualTypeOf<VagrantValidation>()
    expect(contract['vagrant.validate'].streaming).toBe(false)
  })
  it('vagrant.status', () => {
    pin('vagrant.status')
    expectTypeOf<OutputOf<'vagrant.status'>>().toEqualTypeOf<VagrantMachineStatus[]>()
    expect(contract['vagrant.status'].streaming).toBe(false)
  })
  it('vagrant.run', () => {
    pin('vagrant.run')
    expectTypeOf<OutputOf<'vagrant.run'>>().toEqualTypeOf<VagrantRunResult>()
    expect(contract['vagrant.run'].streaming).toBe(true)
  })
  it('vagrant.boxes', () => {
    pin('vagrant.boxes')
    expectTypeOf<OutputOf<'vagrant.boxes'>>().toEqualTypeOf<VagrantBox[]>()
    expect(contract['vagrant.boxes'].streaming).toBe(false)
  })
  it('vagrant.boxAdd', () => {
    pin('vagrant.boxAdd')
    expectTypeOf<OutputOf<'vagrant.boxAdd'>>().toEqualTypeOf<VagrantBoxAddResult>()
    expect(contract['vagrant.boxAdd'].streaming).toBe(true)
  })
  it('vagrant.boxRemove', () => {
    pin('vagrant.boxRemove')
    expectTypeOf<OutputOf<'vagrant.boxRemove'>>().toEqualTypeOf<VagrantBoxRemoveResult>()
    expect(contract['vagrant.boxRemove'].streaming).toBe(false)
  })
  it('vagrant.boxOutdated', () => {
    pin('vagrant.boxOutdated')
    expectTypeOf<OutputOf<'vagrant.boxOutdated'>>().toEqualTypeOf<VagrantBoxOutdated[]>()
    expect(contract['vagrant.boxOutdated'].streaming).toBe(false)
  })
  it('vagrant.interfaces', () => {
    pin('vagrant.interfaces')
    expectTypeOf<OutputOf<'vagrant.interfaces'>>().toEqualTypeOf<HostInterface[]>()
    expect(contract['vagrant.interfaces'].streaming).toBe(false)
  })
  it('vagrant.links', () => {
    pin('vagrant.links')
    expectTypeOf<OutputOf<'vagrant.links'>>().toEqualTypeOf<VagrantMachineLink[]>()
    expect(contract['vagrant.links'].streaming).toBe(false)
  })

  it('every vagrant channel is pinned above', () => {
    expect([...PINNED].sort()).toEqual(Object.keys(vagrantChannels).sort())
  })
})
