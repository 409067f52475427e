import { describe, expect, it } from 'vitest'
import { parseDomifaddr } from './addresses.js'

describe('parseDomifaddr', () => {
  it('reads rows, a "-" meaning the interface and MAC of the row above', () => {
    const text = ` Name       MAC address          Protocol     Address
-------------------------------------------------------------------------------
 vnet0      52:54:00:28:95:08    ipv4         192.168.122.85/24
 -          -                    ipv6         fe80::5054:ff:fe28:9508/64
 eth1       52:54:00:aa:bb:cc    ipv4         10.0.0.5/8
`
    expect(parseDomifaddr(text, 'agent')).toEqual([
      {
        interface: 'vnet0',
        mac: '52:54:00:28:95:08',
        family: 'ipv4',
        address: '192.168.122.85/24',
        source: 'agent',
      },
      {
        interface: 'vnet0',
        mac: '52:54:00:28:95:08',
        family: 'ipv6',
        address: 'fe80::5054:ff:fe28:9508/64',
        source: 'agent',
      },
      { interface: 'eth1', mac: '52:54:00:aa:bb:cc', family: 'ipv4', address: '10.0.0.5/8', source: 'agent' },
    ])
    expect(parseDomifaddr('', 'lease')).toEqual([])
  })
})
