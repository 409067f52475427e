import { describe, expect, it } from 'vitest'
import type { ModprobeFile } from '../hostconf/modprobe-conf.js'
import { modprobeOptions, modprobeReadOrder } from '../hostconf/modprobe-conf.js'
import { findNestedOptions, nestedOptions, renderNestedConf, setNestedOption } from './nested-conf.js'

describe('modprobe.d options', () => {
  it('writes a new file with the dashed module name', () => {
    expect(renderNestedConf('intel')).toBe(
      '# Nested virtualization for KVM, written by VirtDeck.\noptions kvm-intel nested=1\n',
    )
    expect(setNestedOption(null, 'amd')).toBe(
      '# Nested virtualization for KVM, written by VirtDeck.\noptions kvm-amd nested=1\n',
    )
  })

  it('parses options with comments, continuations and both spellings', () => {
    const text = [
      '# comment: options kvm_intel nested=0',
      'options kvm_intel nested=1 enable_shadow_vmcs=1',
      'options kvm-amd \\',
      '  nested=0 avic=1',
      'blacklist pcspkr',
      '',
    ].join('\n')
    // One parser for modprobe.d (hostconf): module names with dashes as underscores, as the kernel
    // compares them; continuation lines joined with one space.
    const options = modprobeOptions(text)
    expect(options.map((o) => [o.module, o.name, o.value, o.line])).toEqual([
      ['kvm_intel', 'nested', '1', 2],
      ['kvm_intel', 'enable_shadow_vmcs', '1', 2],
      ['kvm_amd', 'nested', '0', 3],
      ['kvm_amd', 'avic', '1', 3],
    ])
    expect(nestedOptions(text, 'intel').map((o) => o.value)).toEqual(['1'])
    expect(nestedOptions(text, 'amd').map((o) => o.text)).toEqual(['options kvm-amd nested=0 avic=1'])
  })

  it('sets nested=1 in place, keeping spelling and other parameters', () => {
    expect(setNestedOption('options kvm_intel nested=0 enable_shadow_vmcs=1\n', 'intel')).toBe(
      'options kvm_intel nested=1 enable_shadow_vmcs=1\n',
    )
    expect(setNestedOption('options kvm-amd nested=N\n', 'amd')).toBe('options kvm-amd nested=1\n')
  })

  it('leaves a file that already enables it alone (1, Y, bare flag)', () => {
    for (const text of [
      'options kvm_intel nested=1\n',
      'options kvm-intel nested=Y\n',
      'options kvm_intel nested\n',
    ]) {
      expect(setNestedOption(text, 'intel')).toBe(text)
    }
  })

  it('appends the option when the file has none for this module, handling a missing final newline', () => {
    expect(setNestedOption('options kvm_amd nested=1\n', 'intel')).toBe(
      'options kvm_amd nested=1\noptions kvm-intel nested=1\n',
    )
    expect(setNestedOption('# only a comment', 'intel')).toBe(
      '# only a comment\noptions kvm-intel nested=1\n',
    )
  })

  it('appends when the value sits on a continuation line (the later line wins)', () => {
    const text = 'options kvm_intel \\\n  nested=0\n'
    expect(setNestedOption(text, 'intel')).toBe(
      'options kvm_intel \\\n  nested=0\noptions kvm-intel nested=1\n',
    )
  })

  it('orders files as modprobe does: by name, /etc masking /lib', () => {
    const files: ModprobeFile[] = [
      { path: '/lib/modprobe.d/kvm.conf', dir: '/lib/modprobe.d', content: 'options kvm_intel nested=0\n' },
      { path: '/etc/modprobe.d/kvm.conf', dir: '/etc/modprobe.d', content: 'options kvm_intel nested=1\n' },
      {
        path: '/usr/lib/modprobe.d/zz-vendor.conf',
        dir: '/usr/lib/modprobe.d',
        content: 'options kvm-intel nested=0\n',
      },
      {
        path: '/etc/modprobe.d/alsa.conf',
        dir: '/etc/modprobe.d',
        content: 'options snd-hda-intel model=auto\n',
      },
    ]
    const ordered = modprobeReadOrder(files)
    expect(ordered.map((f) => f.path)).toEqual([
      '/etc/modprobe.d/alsa.conf',
      '/etc/modprobe.d/kvm.conf',
      '/usr/lib/modprobe.d/zz-vendor.conf',
    ])
    const hits = findNestedOptions(ordered, 'intel')
    expect(hits.map((h) => [h.path, h.enables])).toEqual([
      ['/etc/modprobe.d/kvm.conf', true],
      ['/usr/lib/modprobe.d/zz-vendor.conf', false],
    ])
  })
})
