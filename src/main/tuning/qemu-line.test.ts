import { describe, expect, it } from 'vitest'
import { diffQemuLines, qemuOptions, splitShellWords } from './qemu-line.js'

describe('QEMU command line from virsh domxml-to-native', () => {
  it('splits shell words as libvirt quotes them', () => {
    expect(
      splitShellWords(
        `A=1 /usr/bin/qemu -name 'guest=x y,debug-threads=on' -S -object '{"a":"b"}' 'it'\\''s' "d q"`,
      ),
    ).toEqual([
      'A=1',
      '/usr/bin/qemu',
      '-name',
      'guest=x y,debug-threads=on',
      '-S',
      '-object',
      '{"a":"b"}',
      "it's",
      'd q',
    ])
    expect(splitShellWords('a \\\nb')).toEqual(['a', 'b'])
  })

  it('pairs options with their values after the environment and the emulator', () => {
    expect(
      qemuOptions('LC_ALL=C PATH=/bin /usr/bin/qemu-system-x86_64 -S -cpu qemu64 -no-user-config -m 128'),
    ).toEqual(['-S', '-cpu qemu64', '-no-user-config', '-m 128'])
  })

  it('shows what the change removes and adds, repeated options counted', () => {
    const before = 'X=1 /q -cpu qemu64 -device \'{"driver":"rtl8139"}\' -device \'{"driver":"usb"}\' -m 128'
    const after =
      'X=1 /q -cpu host,migratable=on -device \'{"driver":"virtio-net-pci"}\' -device \'{"driver":"usb"}\' -m 128'
    expect(diffQemuLines(before, after)).toEqual({
      removed: ['-cpu qemu64', '-device {"driver":"rtl8139"}'],
      added: ['-cpu host,migratable=on', '-device {"driver":"virtio-net-pci"}'],
    })
    expect(diffQemuLines(before, before)).toEqual({ removed: [], added: [] })
  })
})
