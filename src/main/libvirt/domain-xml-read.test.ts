import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildDomainXml } from './domain-builder.js'
import { memoryKiB, readDomainXml } from './domain-xml-read.js'
import { parseXml, root } from './xml/index.js'

/** Real libvirt XML from libvirt's own test suite. */
const DOMAINS = path.resolve(import.meta.dirname, '../../../test/fixtures/libvirt-xml/domains')
const fixture = (name: string): string => readFileSync(path.join(DOMAINS, name), 'utf8')

describe('reading domain XML', () => {
  it('reads every fixture without throwing', () => {
    const files = readdirSync(DOMAINS).filter((f) => f.endsWith('.xml'))
    expect(files.length).toBeGreaterThan(50)
    for (const file of files) {
      const facts = readDomainXml(fixture(file))
      expect(facts.name, file).not.toBe('')
      expect(facts.overview.maxVcpus, file).toBeGreaterThan(0)
    }
  })

  it('tells UEFI from BIOS and finds the NVRAM', () => {
    const efi = readDomainXml(fixture('os-firmware-efi.xml'))
    expect(efi.overview).toMatchObject({
      firmware: 'uefi',
      machine: 'pc-q35-4.0',
      arch: 'x86_64',
      memoryKiB: 8192,
      vcpus: 1,
    })
    expect(efi.nvram).toBe('/var/lib/libvirt/qemu/nvram/fedora_VARS.fd')
    expect(readDomainXml(fixture('os-firmware-efi-secboot.xml')).overview.secureBoot).toBe(true)
    expect(readDomainXml(fixture('boot-order.xml')).overview.firmware).toBe('bios')
  })

  it('reads disks, NICs, graphics and host devices', () => {
    const rbd = readDomainXml(fixture('disk-network-rbd.xml')).disks[0]
    expect(rbd).toMatchObject({
      device: 'disk',
      sourceType: 'network',
      path: 'rbd:pool/image',
      target: 'vda',
      bus: 'virtio',
      format: 'raw',
    })
    expect(readDomainXml(fixture('net-virtio-network-portgroup.xml')).nics[0]).toMatchObject({
      type: 'network',
      source: 'rednet',
      mac: '00:11:22:33:44:55',
    })
    expect(readDomainXml(fixture('graphics-spice.xml')).graphics[0]).toEqual({
      type: 'spice',
      port: 5903,
      autoport: false,
      listen: '127.0.0.1',
    })
    expect(readDomainXml(fixture('hostdev-pci-address.xml')).hostdevs).toEqual([
      { type: 'pci', address: '0000:06:12.5', managed: true },
    ])
    expect(readDomainXml(fixture('hostdev-usb-address.xml')).hostdevs[0]?.type).toBe('usb')
  })

  it('reads the OS from libosinfo metadata and converts memory units', () => {
    const xml = `<domain type='kvm'><name>n</name><uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid><metadata><libosinfo:libosinfo xmlns:libosinfo="http://libosinfo.org/xmlns/libvirt/domain/1.0"><libosinfo:os id="http://ubuntu.com/ubuntu/22.04"/></libosinfo:libosinfo></metadata><memory unit='GiB'>2</memory><vcpu current='1'>4</vcpu></domain>`
    const facts = readDomainXml(xml)
    expect(facts.overview).toMatchObject({
      os: 'ubuntu 22.04',
      memoryKiB: 2 * 1024 * 1024,
      vcpus: 1,
      maxVcpus: 4,
    })
    expect(memoryKiB(root(parseXml("<memory unit='MiB'>64</memory>")))).toBe(65536)
  })
})

describe('building domain XML for a new VM', () => {
  it('writes escaped, indented XML that reads back as planned', () => {
    const name = `a <b> & "c" 'd'`
    const xml = buildDomainXml({
      name,
      virtType: 'kvm',
      arch: 'x86_64',
      machine: 'q35',
      memoryMiB: 2048,
      vcpus: 2,
      firmware: { kind: 'efi-auto', secureBoot: false },
      disk: { path: '/var/lib/libvirt/images/a b.qcow2', format: 'qcow2', device: 'file' },
      cdrom: '/isos/x.iso',
      network: { kind: 'network', name: 'default' },
      osId: 'http://debian.org/debian/12',
    })
    expect(xml).toContain('\n  <devices>\n    <disk')
    const facts = readDomainXml(xml)
    expect(facts.name).toBe(name)
    expect(facts.overview).toMatchObject({
      firmware: 'uefi',
      machine: 'q35',
      memoryKiB: 2048 * 1024,
      vcpus: 2,
      cpuMode: 'host-passthrough',
      os: 'debian 12',
    })
    expect(facts.disks.map((d) => [d.device, d.path, d.bus])).toEqual([
      ['disk', '/var/lib/libvirt/images/a b.qcow2', 'virtio'],
      ['cdrom', '/isos/x.iso', 'sata'],
    ])
    expect(facts.nics).toEqual([{ type: 'network', source: 'default', model: 'virtio' }])
  })
})
