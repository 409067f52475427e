import { describe, expect, it } from 'vitest'
import { diskBusFor, nicModelFor, parseOsFile, parseOsQuery } from './osinfo-db.js'

describe('osinfo-db', () => {
  it('parses the osinfo-query table, cells trimmed, empty cells left out', () => {
    const out = [
      ' Short ID | Name              | Version | Family | Vendor          | ID                       ',
      '----------+-------------------+---------+--------+-----------------+--------------------------',
      ' ubuntu24.04 | Ubuntu 24.04 LTS | 24.04 | linux | Canonical Ltd | http://ubuntu.com/ubuntu/24.04 ',
      ' odd |  Odd OS |  |  |  | http://example.org/odd/1 ',
    ].join('\n')
    expect(parseOsQuery(out)).toEqual([
      {
        shortId: 'ubuntu24.04',
        id: 'http://ubuntu.com/ubuntu/24.04',
        name: 'Ubuntu 24.04 LTS',
        version: '24.04',
        family: 'linux',
        vendor: 'Canonical Ltd',
      },
      { shortId: 'odd', id: 'http://example.org/odd/1', name: 'Odd OS' },
    ])
  })

  it('reads resources (x86_64 over all, recommended over minimum), devices and parents', () => {
    const xml = `<?xml version="1.0"?>
<libosinfo version="0.0.1">
  <os id="http://example.org/os/2">
    <short-id>ex2</short-id>
    <name>Example 2</name>
    <name xml:lang="de">Beispiel 2</name>
    <derives-from id="http://example.org/os/1"/>
    <resources arch="all"><minimum><ram>1</ram></minimum></resources>
    <resources arch="x86_64">
      <minimum><n-cpus>1</n-cpus><ram>536870912</ram></minimum>
      <recommended><ram>2147483648</ram><storage>21474836480</storage></recommended>
    </resources>
    <devices><device id="http://pcisig.com/pci/1af4/1041"/></devices>
  </os>
</libosinfo>`
    expect(parseOsFile(xml)).toEqual([
      {
        id: 'http://example.org/os/2',
        name: 'Example 2',
        shortIds: ['ex2'],
        parents: ['http://example.org/os/1'],
        ramBytes: 2147483648,
        storageBytes: 21474836480,
        cpus: 1,
        devices: ['http://pcisig.com/pci/1af4/1041'],
      },
    ])
  })

  it('chooses the bus and NIC the OS has drivers for', () => {
    expect(diskBusFor([])).toBeUndefined()
    expect(diskBusFor(['http://pcisig.com/pci/1af4/1042'])).toBe('virtio')
    expect(diskBusFor(['http://pcisig.com/pci/8086/10d3'])).toBeUndefined()
    expect(diskBusFor(['http://qemu.org/chipset/x86/q35', 'http://pcisig.com/pci/8086/10d3'])).toBe('sata')
    expect(nicModelFor(['http://pcisig.com/pci/8086/10d3'])).toBe('e1000e')
    expect(nicModelFor(['http://pcisig.com/pci/1af4/1000', 'http://pcisig.com/pci/8086/10d3'])).toBe('virtio')
    expect(nicModelFor([])).toBeUndefined()
  })
})

describe('conventionalPath', () => {
  it('maps an OS id to its osinfo-db file, refusing odd ids', async () => {
    const { conventionalPath } = await import('./osinfo.js')
    expect(conventionalPath('http://debian.org/debian/10')).toBe(
      '/usr/share/osinfo/os/debian.org/debian-10.xml',
    )
    expect(conventionalPath('http://microsoft.com/win/10')).toBe(
      '/usr/share/osinfo/os/microsoft.com/win-10.xml',
    )
    expect(conventionalPath('http://x.org/../../etc/passwd')).toBeUndefined()
    expect(conventionalPath('file:///etc/passwd')).toBeUndefined()
  })
})
