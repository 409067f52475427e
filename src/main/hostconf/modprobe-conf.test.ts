import { describe, expect, it } from 'vitest'
import { parseModprobeConf } from './modprobe-conf.js'

describe('parseModprobeConf', () => {
  it('reads options for kvm-intel and kvm_intel alike, with their line numbers', () => {
    const conf = parseModprobeConf(
      '# nested KVM\noptions kvm-intel nested=1 enable_shadow_vmcs=1\noptions kvm_amd nested=0\n',
    )
    expect(conf.options).toEqual([
      {
        module: 'kvm_intel',
        params: [
          { name: 'nested', value: '1' },
          { name: 'enable_shadow_vmcs', value: '1' },
        ],
        line: 2,
        text: 'options kvm-intel nested=1 enable_shadow_vmcs=1',
      },
      {
        module: 'kvm_amd',
        params: [{ name: 'nested', value: '0' }],
        line: 3,
        text: 'options kvm_amd nested=0',
      },
    ])
  })

  it('joins continuation lines, keeps quoted values, ignores comments and other commands', () => {
    const conf = parseModprobeConf(
      '  # options kvm_intel nested=1\noptions kvm_amd \\\n   nested=1 avic="1"\ninstall pcspkr /bin/true\nsoftdep kvm pre: irqbypass\nblacklist kvm-intel\n',
    )
    expect(conf.options).toEqual([
      {
        module: 'kvm_amd',
        params: [
          { name: 'nested', value: '1' },
          { name: 'avic', value: '1' },
        ],
        line: 2,
        text: 'options kvm_amd nested=1 avic="1"',
      },
    ])
    expect(conf.blacklist).toEqual([{ module: 'kvm_intel', line: 6, text: 'blacklist kvm-intel' }])
  })

  it('gives nothing for an empty or odd file', () => {
    expect(parseModprobeConf('')).toEqual({ options: [], blacklist: [] })
    expect(parseModprobeConf('options\nblacklist\n')).toEqual({ options: [], blacklist: [] })
  })
})
