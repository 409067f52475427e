import { describe, expect, it } from 'vitest'
import { containerFixture } from '../../../../test/support/container-fixtures.js'
import { parseLxcInfo, parseLxcLsFancy, parseSize } from './parse.js'

const lxc = (file: string): string => containerFixture('lxc', file)

describe('parseLxcLsFancy', () => {
  it('reads seven running containers with IPs (leading space, trailing blank line)', () => {
    const list = parseLxcLsFancy(lxc('debian-lxc-ls-f-seven-running-10.0.3-trailing-blank-line.txt'))
    expect(list.map((c) => c.name)).toEqual(['backup', 'e1', 'e2', 'e3', 'pg-1', 'pg-2', 'pg-3'])
    expect(list[0]).toEqual({
      name: 'backup',
      state: 'RUNNING',
      autostart: false,
      groups: [],
      ipv4: ['10.0.3.204'],
      ipv6: [],
      links: [],
      unprivileged: false,
    })
  })

  it('reads stopped containers with trailing spaces, and the last line without them', () => {
    const list = parseLxcLsFancy(lxc('debian-lxc-ls-f-seven-stopped-leading-trailing-spaces.txt'))
    expect(list).toHaveLength(7)
    expect(list.every((c) => c.state === 'STOPPED' && c.ipv4.length === 0 && c.unprivileged === false)).toBe(
      true,
    )
  })

  it('keeps a very wide comma-separated IPV4 cell whole', () => {
    const list = parseLxcLsFancy(lxc('lxc-ls-f-very-wide-ipv4-column-nested-ids.txt'))
    expect(list[0]?.name).toBe('0xe000')
    expect(list[0]?.ipv4).toHaveLength(21)
    expect(list[0]?.ipv4[20]).toBe('192.168.255.253')
    expect(list[0]?.ipv6).toEqual([])
  })

  it('reads LXC 1.0 quoted lines with the old column order and the dashed rule', () => {
    expect(parseLxcLsFancy(lxc('lxc1.0.4-lxc-ls-f-quoted-lines-old-column-order.txt'))).toEqual([
      { name: 'test-01', state: 'STOPPED', autostart: false, groups: [], ipv4: [], ipv6: [], links: [] },
    ])
  })

  it('returns nothing for empty output or a text without a header', () => {
    expect(parseLxcLsFancy('')).toEqual([])
    expect(parseLxcLsFancy('lxc-ls: command failed\n')).toEqual([])
  })
})

describe('parseLxcInfo', () => {
  it('reads a running container with link and byte counters', () => {
    expect(parseLxcInfo(lxc('lxc1.0-alpha3-lxc-info-running-link-bytes.txt'))).toMatchObject({
      name: 'etbase-lxc-353-1387943533',
      state: 'RUNNING',
      pid: 14258,
      ipv4: ['192.168.14.201'],
      cpuSeconds: 208.29,
      memoryBytes: Math.round(852.58 * 1024 ** 2),
      links: ['veth6841NO'],
    })
  })

  it('collects every IP line and has no link when none is printed', () => {
    const info = parseLxcInfo(lxc('lxc-info-many-ip-lines-no-link.txt'))
    expect(info?.ipv4.length).toBeGreaterThan(10)
    expect(info?.links).toEqual([])
  })

  it('reads cgroup v2 output without CPU and memory lines', () => {
    const info = parseLxcInfo(lxc('ubuntu-lxc4-lxc-info-pure-cgroupv2-no-cpu-mem.txt'))
    expect(info).toMatchObject({
      name: 'eoan-priv',
      state: 'RUNNING',
      ipv4: ['10.0.3.57'],
      links: ['vethcASHP0'],
    })
    expect(info?.memoryBytes).toBeUndefined()
  })

  it('reads "0 bytes" and KiB sizes', () => {
    expect(parseLxcInfo(lxc('lxc2-lxc-info-execute-no-ip-no-link-kmem-0-bytes.txt'))?.memoryBytes).toBe(
      816 * 1024,
    )
    expect(parseSize('0 bytes')).toBe(0)
    expect(parseSize('junk')).toBeUndefined()
  })
})
