import { describe, expect, it } from 'vitest'
import { parseHugepages } from './meminfo.js'
import { parseDomainCapabilities, parseVersion } from './versions.js'

describe('version and capability parsers', () => {
  it('reads the versions virsh, libvirtd and QEMU print', () => {
    expect(parseVersion('9.0.0\n')).toBe('9.0.0')
    expect(parseVersion('libvirtd (libvirt) 9.0.0\n')).toBe('9.0.0')
    expect(
      parseVersion(
        'QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)\nCopyright (c) 2003-2022 Fabrice Bellard\n',
      ),
    ).toBe('7.2.22')
    expect(parseVersion('QEMU emulator version 8.2.2 (qemu-kvm-8.2.0-11.el9_4)')).toBe('8.2.2')
    expect(parseVersion('no version here')).toBeUndefined()
  })

  it('reads the domain type of domcapabilities', () => {
    const xml =
      '<domainCapabilities>\n  <path>/usr/bin/qemu-system-x86_64</path>\n  <domain>kvm</domain>\n  <machine>pc-i440fx-7.2</machine>\n</domainCapabilities>\n'
    expect(parseDomainCapabilities(xml)).toEqual({
      domain: 'kvm',
      emulator: '/usr/bin/qemu-system-x86_64',
      machine: 'pc-i440fx-7.2',
    })
    expect(parseDomainCapabilities('')).toEqual({})
  })

  it('reads the hugepage pool of /proc/meminfo', () => {
    expect(
      parseHugepages(
        'MemTotal: 16 kB\nHugePages_Total:    4096\nHugePages_Free:     4000\nHugepagesize:       2048 kB\n',
      ),
    ).toMatchObject({ total: 4096, free: 4000, size: 2 * 1024 * 1024 })
    expect(parseHugepages('HugePages_Total:       2\nHugepagesize:    1048576 kB\n')?.size).toBe(1024 ** 3)
    expect(parseHugepages('MemTotal: 16 kB\n')).toBeUndefined()
  })
})
