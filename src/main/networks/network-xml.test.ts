import { describe, expect, it } from 'vitest'
import { poolXml } from '../storage/pool-xml.js'
import { networkXml, specFromXml } from './network-xml.js'

describe('networkXml and specFromXml', () => {
  it('round-trips every mode VirtDeck makes, escaping names', () => {
    const specs = [
      {
        name: `n & <'"> $(x)`,
        mode: 'nat' as const,
        ipv4: { address: '10.1.2.1', prefix: 24, dhcp: { start: '10.1.2.10', end: '10.1.2.20' } },
      },
      {
        name: 'r',
        mode: 'route' as const,
        ipv4: { address: '10.1.3.1', prefix: 25 },
        ipv6: { address: 'fd00::1', prefix: 64 },
      },
      { name: 'i', mode: 'isolated' as const },
      { name: 'b', mode: 'bridge' as const, hostBridge: 'br0' },
    ]
    for (const spec of specs)
      expect(specFromXml(networkXml(spec, { uuid: '8d3c5b2e-1f2a-4b3c-9d4e-5f6a7b8c9d0e' }))).toEqual({
        spec,
        uuid: '8d3c5b2e-1f2a-4b3c-9d4e-5f6a7b8c9d0e',
      })
    expect(networkXml(specs[0] ?? specs[2]!)).toContain('<name>n &amp; &lt;&apos;&quot;&gt; $(x)</name>')
  })

  it('reads a netmask as a prefix (libvirt’s default network)', () => {
    const xml = `<network><name>default</name><forward mode='nat'/><ip address='192.168.122.1' netmask='255.255.255.0'><dhcp><range start='192.168.122.2' end='192.168.122.254'/></dhcp></ip></network>`
    expect(specFromXml(xml)?.spec.ipv4).toEqual({
      address: '192.168.122.1',
      prefix: 24,
      dhcp: { start: '192.168.122.2', end: '192.168.122.254' },
    })
  })

  it('does not claim kinds it cannot edit', () => {
    expect(
      specFromXml(
        `<network><name>m</name><forward mode='passthrough'><interface dev='eth0'/></forward></network>`,
      ),
    ).toBeUndefined()
  })
})

describe('poolXml', () => {
  it('writes each kind as libvirt documents it', () => {
    expect(poolXml({ kind: 'dir', name: 'a&b', path: '/srv/<x>' })).toBe(
      "<pool type='dir'>\n  <name>a&amp;b</name>\n  <target>\n    <path>/srv/&lt;x&gt;</path>\n  </target>\n</pool>\n",
    )
    expect(poolXml({ kind: 'logical', name: 'l', volumeGroup: 'vg0', devices: ['/dev/sdb'] })).toContain(
      "<source>\n    <device path='/dev/sdb'/>\n    <name>vg0</name>\n    <format type='lvm2'/>\n  </source>\n  <target>\n    <path>/dev/vg0</path>",
    )
    expect(
      poolXml({
        kind: 'iscsi',
        name: 'i',
        server: 'san',
        target: 'iqn.2024-01.com.example:t',
        path: '/dev/disk/by-path',
      }),
    ).toContain("<host name='san'/>\n    <device path='iqn.2024-01.com.example:t'/>")
  })
})
