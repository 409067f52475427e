import { describe, expect, it } from 'vitest'
import {
  formatIpv4,
  ipv4Overlap,
  ipv4Subnet,
  ipv6SamePrefix,
  netmaskToPrefix,
  parseIpv4,
  parseIpv6,
} from './ip.js'

describe('ip helpers', () => {
  it('parses and formats IPv4, refusing what is not one', () => {
    expect(formatIpv4(parseIpv4('192.168.122.1') ?? 0)).toBe('192.168.122.1')
    for (const bad of ['256.1.1.1', '1.2.3', '1.2.3.4.5', 'a.b.c.d', ' ', '1.2.3.4; rm'])
      expect(parseIpv4(bad)).toBeUndefined()
  })

  it('finds overlapping subnets both ways', () => {
    const a = ipv4Subnet(parseIpv4('10.0.0.1') ?? 0, 16)
    const b = ipv4Subnet(parseIpv4('10.0.5.129') ?? 0, 25)
    const c = ipv4Subnet(parseIpv4('10.1.0.1') ?? 0, 24)
    expect(ipv4Overlap(a, b)).toBe(true)
    expect(ipv4Overlap(b, a)).toBe(true)
    expect(ipv4Overlap(a, c)).toBe(false)
    expect(netmaskToPrefix('255.255.255.0')).toBe(24)
    expect(netmaskToPrefix('255.0.255.0')).toBeUndefined()
  })

  it('expands IPv6 and compares prefixes', () => {
    expect(parseIpv6('fd00::1')).toEqual([0xfd00, 0, 0, 0, 0, 0, 0, 1])
    expect(parseIpv6('1::2::3')).toBeUndefined()
    expect(parseIpv6('fd00:1:2:3:4:5:6:7:8')).toBeUndefined()
    expect(ipv6SamePrefix(parseIpv6('fd00:1::1') ?? [], parseIpv6('fd00:1::ffff') ?? [], 64)).toBe(true)
    expect(ipv6SamePrefix(parseIpv6('fd00:1::1') ?? [], parseIpv6('fd00:2::1') ?? [], 64)).toBe(false)
  })
})
