/**
 * Issue 9, networks: create and edit NAT, routed, isolated and bridged networks (IPv4, IPv6, DHCP),
 * validated in the user's words, overlaps warned; delete refused while a VM uses the network; DHCP
 * leases; running VMs' addresses. Real libvirtd (qemu:///system) and dnsmasq through the app's
 * router; networks, a bridge and a domain prefixed vd-sn-/vdsn, all removed afterwards.
 */
import { execFile } from 'node:child_process'
import { randomInt } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { NetworkSpec } from '@shared/network-create.js'
import { parseLeases } from '../src/main/networks/network-admin.js'
import { startTestApp } from './support/app.js'
import type { TestApp } from './support/app.js'
import { lockLibvirtd, otherVirsh, removeDomain, uniqueName } from './support/libvirt.js'
import { failure } from './support/router.js'

const run = promisify(execFile)
let t: TestApp
let release: () => Promise<void>
let dir: string
const hostId = 'local'
const third = randomInt(100, 250)
const nat = uniqueName('vd-sn-nat')
const routed = uniqueName('vd-sn-route')
const isolated = `${uniqueName('vd-sn-iso')} $(x);&<'"é☃`
const bridged = uniqueName('vd-sn-br')
const hostBridge = `vdsn${randomInt(1000, 9999)}`
const domains: string[] = []

beforeAll(async () => {
  release = await lockLibvirtd('shared')
  dir = await mkdtemp(join(tmpdir(), 'vd-sn-net-'))
  t = startTestApp()
  await run('ip', ['link', 'add', 'name', hostBridge, 'type', 'bridge'])
}, 60_000)

afterAll(async () => {
  for (const uuid of domains) await removeDomain(uuid)
  for (const name of [nat, routed, isolated, bridged]) {
    await otherVirsh(['net-destroy', '--network', name]).catch(() => undefined)
    await otherVirsh(['net-undefine', '--network', name]).catch(() => undefined)
  }
  await run('ip', ['link', 'del', hostBridge]).catch(() => undefined)
  await t?.close()
  await rm(dir, { recursive: true, force: true })
  await release?.()
}, 60_000)

const natSpec: NetworkSpec = {
  name: nat,
  mode: 'nat',
  ipv4: {
    address: `10.231.${third}.1`,
    prefix: 24,
    dhcp: { start: `10.231.${third}.10`, end: `10.231.${third}.99` },
  },
  ipv6: {
    address: `fd00:231:${third}::1`,
    prefix: 64,
    dhcp: { start: `fd00:231:${third}::10`, end: `fd00:231:${third}::ff` },
  },
}

describe('networks', () => {
  it('refuses bad fields in the user’s words, at the field', async () => {
    const bad = async (spec: object): Promise<string> =>
      (await failure(t.call('networks.preview', { hostId, spec } as never))).detail ?? ''
    const v4 = (over: object): object => ({
      name: 'x',
      mode: 'nat',
      ipv4: { address: '10.9.9.1', prefix: 24, ...over },
    })
    expect(await bad(v4({ address: '300.1.1.1' }))).toMatch(/not an IPv4 address/)
    expect(await bad(v4({ address: '10.9.9.0' }))).toMatch(/network or broadcast address/)
    expect(await bad(v4({ prefix: 31 }))).toMatch(/prefix is 8 to 30/)
    expect(await bad(v4({ dhcp: { start: '10.9.8.2', end: '10.9.9.9' } }))).toMatch(
      /inside the network’s subnet/,
    )
    expect(await bad(v4({ dhcp: { start: '10.9.9.50', end: '10.9.9.20' } }))).toMatch(/ends before it starts/)
    expect(await bad(v4({ dhcp: { start: '10.9.9.1', end: '10.9.9.20' } }))).toMatch(/host’s own address/)
    expect(await bad({ name: 'x', mode: 'nat' })).toMatch(/NAT network needs an IPv4 address/)
    expect(await bad({ name: 'x', mode: 'bridge' })).toMatch(/Choose the host bridge/)
    expect(await bad({ name: 'x', mode: 'bridge', hostBridge: 'br0; rm -rf' })).toMatch(/letters, digits/)
    expect(await bad({ name: 'a/b', mode: 'isolated' })).toMatch(/cannot contain "\/"/)
    expect(
      await bad({
        name: 'x',
        mode: 'isolated',
        ipv6: { address: 'fd00::1', prefix: 48, dhcp: { start: 'fd00::2', end: 'fd00::9' } },
      }),
    ).toMatch(/DHCPv6 needs a \/64/)
  })

  it('creates a NAT network with IPv4 and IPv6 DHCP: defined, started, autostarted', async () => {
    const preview = await t.call('networks.preview', { hostId, spec: natSpec })
    expect(preview.dnsmasq).toBe(true)
    expect(preview.xml).toContain("<forward mode='nat'/>")
    expect(preview.xml).toContain(`<range start='10.231.${third}.10' end='10.231.${third}.99'/>`)
    const list = await t.call('networks.create', { hostId, spec: natSpec })
    const made = list.find((n) => n.name === nat)
    expect(made).toMatchObject({
      active: true,
      autostart: true,
      forwardMode: 'nat',
      ipAddress: `10.231.${third}.1`,
    })
    expect(made?.dhcpRanges).toContainEqual({ start: `10.231.${third}.10`, end: `10.231.${third}.99` })
    expect(await otherVirsh(['net-dumpxml', '--network', nat])).toContain(`fd00:231:${third}::1`)
    const taken = await failure(t.call('networks.preview', { hostId, spec: natSpec }))
    expect(taken.code).toBe('CONFLICT')
  }, 30_000)

  it('warns (not blocks) when a subnet overlaps another network', async () => {
    const preview = await t.call('networks.preview', {
      hostId,
      spec: { name: routed, mode: 'route', ipv4: { address: `10.231.${third}.129`, prefix: 25 } },
    })
    expect(preview.warnings.join('\n')).toContain(
      `10.231.${third}.128/25 overlaps 10.231.${third}.0/24 of the network “${nat}”`,
    )
  })

  it('creates routed and isolated networks', async () => {
    await t.call('networks.create', {
      hostId,
      spec: { name: routed, mode: 'route', ipv4: { address: `10.232.${third}.1`, prefix: 24 } },
    })
    const list = await t.call('networks.create', { hostId, spec: { name: isolated, mode: 'isolated' } })
    expect(list.find((n) => n.name === routed)).toMatchObject({ active: true, forwardMode: 'route' })
    expect(list.find((n) => n.name === isolated)).toMatchObject({ active: true, forwardMode: 'isolated' })
  }, 30_000)

  it('lists host bridges (libvirt’s marked) and creates a bridged network on one', async () => {
    const bridges = await t.call('networks.hostBridges', { hostId })
    expect(bridges.find((b) => b.name === hostBridge)).toEqual({ name: hostBridge, addresses: [] })
    const natBridge = (await t.call('networks.list', { hostId })).find((n) => n.name === nat)?.bridge
    expect(bridges.find((b) => b.name === natBridge)?.libvirtNetwork).toBe(nat)
    const missing = await failure(
      t.call('networks.preview', { hostId, spec: { name: bridged, mode: 'bridge', hostBridge: 'vdsnnone' } }),
    )
    expect(missing.message).toMatch(/no bridge “vdsnnone”/)
    const list = await t.call('networks.create', {
      hostId,
      spec: { name: bridged, mode: 'bridge', hostBridge },
    })
    expect(list.find((n) => n.name === bridged)).toMatchObject({
      active: true,
      forwardMode: 'bridge',
      bridge: hostBridge,
    })
  }, 30_000)

  it('edits the NAT network (same UUID; a running one says it needs a restart)', async () => {
    const uuid = (await otherVirsh(['net-uuid', '--network', nat])).trim()
    const before = await otherVirsh(['net-dumpxml', '--inactive', '--network', nat])
    const bridgeAndMac = /<bridge name='[^']+'|<mac address='[^']+'\/>/g
    const spec = await t.call('networks.spec', { hostId, name: nat })
    expect(spec).toEqual(natSpec)
    const edited = await t.call('networks.edit', {
      hostId,
      spec: {
        ...natSpec,
        ipv4: {
          address: `10.231.${third}.1`,
          prefix: 24,
          dhcp: { start: `10.231.${third}.100`, end: `10.231.${third}.200` },
        },
      },
    })
    expect(edited.warnings.join(' ')).toMatch(/stopped and started again/)
    const xml = await otherVirsh(['net-dumpxml', '--inactive', '--network', nat])
    expect(xml).toContain(`<range start='10.231.${third}.100' end='10.231.${third}.200'/>`)

    expect((await otherVirsh(['net-uuid', '--network', nat])).trim()).toBe(uuid)
    // Still the same bridge (VMs and firewall rules name it) with the same MAC.
    expect(xml.match(bridgeAndMac)).toEqual(before.match(bridgeAndMac))
    expect(before.match(bridgeAndMac)).toHaveLength(2)
  }, 30_000)

  it('shows a running VM’s address from the DHCP lease (FAKE lease in libvirt’s status file), and refuses to delete its network', async () => {
    const name = uniqueName('vd-sn-vm')
    const mac = `52:54:00:${third.toString(16).padStart(2, '0')}:aa:01`
    const xmlPath = join(dir, 'vm.xml')
    await writeFile(
      xmlPath,
      `<domain type='qemu'><name>${name}</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>
<os><type arch='x86_64' machine='pc'>hvm</type></os>
<devices><interface type='network'><mac address='${mac}'/><source network='${nat}'/><model type='e1000'/></interface></devices></domain>\n`,
    )
    await otherVirsh(['define', '--file', xmlPath])
    domains.push((await otherVirsh(['domuuid', '--domain', name])).trim())
    await otherVirsh(['start', '--domain', name])
    const bridge = (await t.call('networks.list', { hostId })).find((n) => n.name === nat)?.bridge ?? ''
    // dnsmasq's lease helper writes this file when a guest takes a lease; the tiny VM has no OS to ask.
    await writeFile(
      `/var/lib/libvirt/dnsmasq/${bridge}.status`,
      JSON.stringify([
        {
          'ip-address': `10.231.${third}.150`,
          'mac-address': mac,
          hostname: 'guest',
          'expiry-time': Math.floor(Date.now() / 1000) + 3600,
        },
      ]),
    )
    const leases = await t.call('networks.leases', { hostId, name: nat })
    expect(leases).toMatchObject([
      { mac, address: `10.231.${third}.150/24`, hostname: 'guest', protocol: 'ipv4' },
    ])
    const started = Date.now()
    const all = await t.call('vms.addresses', { hostId })
    const ms = Date.now() - started
    expect(all.find((v) => v.name === name)?.addresses).toEqual([
      {
        interface: expect.stringMatching(/^vnet/) as unknown as string,
        mac,
        family: 'ipv4',
        address: `10.231.${third}.150/24`,
        source: 'lease',
      },
    ])
    expect(ms).toBeLessThan(5_000)
    expect((await t.call('vms.addressesOf', { hostId, name }))[0]?.source).toBe('lease')

    const refused = await failure(t.call('networks.delete', { hostId, name: nat }))
    expect(refused.code).toBe('CONFLICT')
    expect(refused.message).toContain(`“${name}”`)
    for (const uuid of domains.splice(0)) await removeDomain(uuid)
  }, 60_000)

  it('deletes networks once no VM uses them', async () => {
    for (const name of [nat, routed, isolated, bridged]) await t.call('networks.delete', { hostId, name })
    const names = (await t.call('networks.list', { hostId })).map((n) => n.name)
    for (const name of [nat, routed, isolated, bridged]) expect(names).not.toContain(name)
    expect((await failure(t.call('networks.delete', { hostId, name: nat }))).code).toBe('NOT_FOUND')
  }, 30_000)
})

describe('parseLeases', () => {
  it('reads virsh net-dhcp-leases rows, "-" meaning none', () => {
    const text = ` Expiry Time           MAC address         Protocol   IP address          Hostname   Client ID or DUID
-----------------------------------------------------------------------------------------------------------
 2026-12-06 23:24:29   52:54:00:28:95:08   ipv4       192.168.122.85/24   -          01:52:54:00:28:95:08
 2026-12-06 23:30:00   52:54:00:28:95:09   ipv6       fd00::10/64         web        -
`
    expect(parseLeases(text)).toEqual([
      {
        expires: '2026-12-06 23:24:29',
        mac: '52:54:00:28:95:08',
        protocol: 'ipv4',
        address: '192.168.122.85/24',
        clientId: '01:52:54:00:28:95:08',
      },
      {
        expires: '2026-12-06 23:30:00',
        mac: '52:54:00:28:95:09',
        protocol: 'ipv6',
        address: 'fd00::10/64',
        hostname: 'web',
      },
    ])
  })
})
