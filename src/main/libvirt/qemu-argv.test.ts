import { describe, expect, it } from 'vitest'
import { diffQemuArgv, formatUnit, parseQemuArgv, splitShellWords } from './qemu-argv.js'

const BEFORE = `LC_ALL=C PATH=/usr/bin HOME=/var/lib/libvirt/qemu/domain--1-g /usr/bin/qemu-system-x86_64 -name guest=g,debug-threads=on -S -machine pc-q35-7.2,usb=off -uuid 11111111-1111-1111-1111-111111111111 -cpu host,migratable=on -device '{"driver":"pcie-root-port","id":"pci.1"}' -no-user-config -msg timestamp=on\n`
const AFTER = BEFORE.replace(
  '-cpu host,migratable=on',
  '-cpu host,migratable=on,hv-vendor-id=virtdeck0000,kvm=off',
)
  .replace('-uuid 11111111-1111-1111-1111-111111111111', '-uuid 22222222-2222-2222-2222-222222222222')
  .replace(
    '-no-user-config',
    `-device '{"driver":"vfio-pci","host":"0000:01:00.0","id":"hostdev0"}' -no-user-config`,
  )

describe('QEMU argv from virsh domxml-to-native', () => {
  it('splits shell words: single quotes, backslash line continuations, escapes', () => {
    expect(splitShellWords(`a 'b c' d\\\n e\\ f "g h" 'it'\\''s'`)).toEqual([
      'a',
      'b c',
      'd',
      'e f',
      'g h',
      "it's",
    ])
  })

  it('separates the environment, the binary and option units', () => {
    const argv = parseQemuArgv(BEFORE)
    expect(argv.env).toEqual(['LC_ALL=C', 'PATH=/usr/bin', 'HOME=/var/lib/libvirt/qemu/domain--1-g'])
    expect(argv.binary).toBe('/usr/bin/qemu-system-x86_64')
    expect(argv.options.slice(0, 3)).toEqual([
      ['-name', 'guest=g,debug-threads=on'],
      ['-S'],
      ['-machine', 'pc-q35-7.2,usb=off'],
    ])
  })

  it('diffs by option unit and ignores the random -uuid of a domain without one', () => {
    const diff = diffQemuArgv(parseQemuArgv(BEFORE), parseQemuArgv(AFTER))
    expect(diff.added).toEqual([
      '-cpu host,migratable=on,hv-vendor-id=virtdeck0000,kvm=off',
      `-device '{"driver":"vfio-pci","host":"0000:01:00.0","id":"hostdev0"}'`,
    ])
    expect(diff.removed).toEqual(['-cpu host,migratable=on'])
    expect(formatUnit(['-object', "it's"])).toBe(`-object 'it'\\''s'`)
  })
})
