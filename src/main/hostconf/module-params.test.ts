import { describe, expect, it } from 'vitest'
import { hostFixture } from '../../../test/support/fixtures.js'
import { parseModinfoParams, parseModuleBoolean } from './module-params.js'

describe('nested parameter values from the real fixtures', () => {
  it.each([
    ['intel-centos7-kvm_intel-nested-N.txt', false],
    ['intel-fedora-laptop-kvm_intel-nested-Y.txt', true],
    ['intel-wsl2-builtin-kvm_intel-nested-N.txt', false],
    ['amd-ryzen7840hs-kvm_amd-nested-1.txt', true],
  ])('%s reads as %s', (file, want) => {
    expect(parseModuleBoolean(hostFixture('nested', file))).toBe(want)
  })

  it('knows 0/1, Y/N in any case, and nothing else', () => {
    expect(parseModuleBoolean('0\n')).toBe(false)
    expect(parseModuleBoolean(' y ')).toBe(true)
    expect(parseModuleBoolean('2')).toBeUndefined()
    expect(parseModuleBoolean('')).toBeUndefined()
  })

  it('reads the parm lines of modinfo (here grep output)', () => {
    expect(
      parseModinfoParams(hostFixture('nested', 'intel-centos7-modinfo-kvm_intel-grep-nested.txt')),
    ).toEqual([{ name: 'nested', description: 'bool' }])
    const modinfo =
      'filename:       /lib/modules/6.1.0/kernel/arch/x86/kvm/kvm-amd.ko\nparm:           npt:int\nparm:           nested:int\nparm:           avic:bool\n'
    expect(parseModinfoParams(modinfo).map((param) => param.name)).toEqual(['npt', 'nested', 'avic'])
  })
})
