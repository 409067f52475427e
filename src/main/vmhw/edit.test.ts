import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { HwEdit } from '@shared/vm-hardware.js'
import { hwEditSchema } from '@shared/vm-hardware.js'
import { diffLines } from '../libvirt/xml/index.js'
import { applyHwEdit } from './edit.js'
import type { EditContext } from './edit.js'
import { pendingRestart, readHardware } from './read.js'
import { maskPasswords } from './service.js'

const DOMAINS = path.resolve(import.meta.dirname, '../../../test/fixtures/libvirt-xml/domains')
const fixture = (name: string): string => readFileSync(path.join(DOMAINS, name), 'utf8')
const off: EditContext = { vm: 'guest', uuid: 'u-1', running: false }
const on: EditContext = { ...off, running: true }

/** Only the lines an edit changed: removed with '-', added with '+'. */
function changes(before: string, after: string): string[] {
  return diffLines(before, after)
    .filter((l) => l.type !== 'context')
    .map((l) => `${l.type === 'add' ? '+' : '-'}${l.text}`)
}

function edit(xml: string, e: HwEdit, ctx: EditContext = off): ReturnType<typeof applyHwEdit> {
  return applyHwEdit(xml, hwEditSchema.parse(e), ctx)
}

describe('disks (libvirt test-suite XML)', () => {
  const basic = fixture('q35-virt-manager-basic.xml')

  it('adds a new file disk after the last disk with the next free virtio name, and attaches it live', () => {
    const r = edit(
      basic,
      {
        kind: 'disk.add',
        source: { type: 'file', path: '/var/lib/libvirt/images/b.qcow2', format: 'qcow2' },
        bus: 'virtio',
        cache: 'none',
      },
      { ...on, disk: { type: 'file', path: '/var/lib/libvirt/images/b.qcow2', format: 'qcow2' } },
    )
    expect(changes(basic, r.xml)).toEqual([
      "+    <disk type='file' device='disk'>",
      "+      <driver name='qemu' type='qcow2' cache='none'/>",
      "+      <source file='/var/lib/libvirt/images/b.qcow2'/>",
      "+      <target dev='vdb' bus='virtio'/>",
      '+    </disk>',
    ])
    expect(r.live[0]?.args).toEqual(['attach-device', '--domain', 'u-1', '--file', '{file}', '--live'])
    expect(r.live[0]?.device).toContain("<target dev='vdb' bus='virtio'/>")
  })

  it('a SATA disk on a running VM waits for the next boot', () => {
    const r = edit(
      basic,
      {
        kind: 'disk.add',
        source: { type: 'file', path: '/x.raw', format: 'raw' },
        bus: 'sata',
        cache: 'default',
      },
      { ...on, disk: { type: 'file', path: '/x.raw', format: 'raw' } },
    )
    expect(r.live).toEqual([])
    expect(r.restartNeeded[0]).toMatch(/sda/)
    expect(r.xml).toContain("<target dev='sda' bus='sata'/>")
  })

  it('changes the bus (new guest name, old address dropped) and the cache mode', () => {
    const xml = fixture('disk-cdrom.xml')
    const r = edit(xml, { kind: 'disk.update', target: 'hda', bus: 'virtio', cache: 'writeback' })
    expect(changes(xml, r.xml)).toEqual([
      "-      <driver name='qemu' type='raw'/>",
      "+      <driver name='qemu' type='raw' cache='writeback'/>",
      "-      <target dev='hda' bus='ide'/>",
      "-      <address type='drive' controller='0' bus='0' target='0' unit='0'/>",
      "+      <target dev='vda' bus='virtio'/>",
    ])
    expect(r.notes[0]).toMatch(/vda/)
  })

  it('removes a disk; a running VM gets detach-disk', () => {
    const r = edit(basic, { kind: 'disk.remove', target: 'vda', deleteVolume: false }, on)
    expect(readHardware(r.xml).disks).toEqual([])
    expect(r.live[0]?.args).toEqual(['detach-disk', '--domain', 'u-1', '--target', 'vda', '--live'])
  })

  it('refuses a CD-ROM on virtio and a disk that is not there, in words', () => {
    const xml = fixture('disk-cdrom.xml')
    expect(() => edit(xml, { kind: 'disk.update', target: 'hdb', bus: 'virtio' })).toThrow(
      /CD-ROM drive cannot be on the virtio bus/,
    )
    expect(() => edit(xml, { kind: 'disk.remove', target: 'vdz', deleteVolume: false })).toThrow(
      /has no disk vdz/,
    )
  })
})

describe('CD-ROM', () => {
  const xml = fixture('disk-cdrom.xml')

  it('ejects and inserts, with change-media on a running VM', () => {
    const ejected = edit(xml, { kind: 'cdrom.media', target: 'hdb', path: null }, on)
    expect(changes(xml, ejected.xml)).toEqual(["-      <source file='/root/boot.iso'/>"])
    expect(ejected.live[0]?.args).toEqual([
      'change-media',
      '--domain',
      'u-1',
      '--path',
      'hdb',
      '--eject',
      '--live',
    ])
    const inserted = edit(xml, { kind: 'cdrom.media', target: 'hdc', path: '/isos/debian 12.iso' }, on)
    expect(changes(xml, inserted.xml)).toEqual(["+      <source file='/isos/debian 12.iso'/>"])
    expect(inserted.live[0]?.args).toEqual([
      'change-media',
      '--domain',
      'u-1',
      '--path',
      'hdc',
      '--source',
      '/isos/debian 12.iso',
      '--update',
      '--live',
    ])
    // Eject then insert gives back the same bytes.
    const back = edit(ejected.xml, { kind: 'cdrom.media', target: 'hdb', path: '/root/boot.iso' })
    expect(back.xml).toBe(xml)
  })

  it('adds a drive (restart needed while running)', () => {
    const basic = fixture('q35-virt-manager-basic.xml')
    const r = edit(basic, { kind: 'cdrom.add', bus: 'sata' }, on)
    expect(r.xml).toContain("<disk type='file' device='cdrom'>")
    expect(readHardware(r.xml).disks.find((d) => d.device === 'cdrom')?.target).toBe('sda')
    expect(r.restartNeeded).toHaveLength(1)
  })
})

describe('network cards', () => {
  const xml = fixture('net-virtio.xml')
  const mac = readHardware(xml).nics[0]?.mac ?? ''

  it('adds one on a network with a MAC chosen by the service, plugs it in live', () => {
    const r = edit(
      xml,
      { kind: 'nic.add', source: { type: 'network', name: 'default' }, model: 'virtio' },
      { ...on, newMac: '52:54:00:aa:bb:cc' },
    )
    expect(readHardware(r.xml).nics.map((n) => n.mac)).toEqual([mac, '52:54:00:aa:bb:cc'])
    expect(r.live[0]?.device).toContain("<source network='default'/>")
  })

  it('moves one to a bridge (update-device live), link down (domif-setlink), model and MAC wait', () => {
    const r = edit(
      xml,
      { kind: 'nic.update', mac, source: { type: 'bridge', name: 'br0' }, linkUp: false },
      on,
    )
    const nic = readHardware(r.xml).nics[0]
    expect(nic).toMatchObject({ type: 'bridge', source: 'br0', linkUp: false })
    expect(r.live.map((l) => l.args[0])).toEqual(['update-device', 'domif-setlink'])
    const m = edit(xml, { kind: 'nic.update', mac, model: 'e1000e', newMac: '52:54:00:01:02:03' }, on)
    expect(m.live).toEqual([])
    expect(m.restartNeeded).toHaveLength(2)
  })

  it('refuses a MAC that is not unicast or not a MAC, in words', () => {
    const bad = (m: string): string => {
      const r = hwEditSchema.safeParse({ kind: 'nic.remove', mac: m })
      return r.success ? '' : (r.error.issues[0]?.message ?? '')
    }
    expect(bad('01:00:5e:00:00:01')).toMatch(/multicast/)
    expect(bad('52:54:00:zz:00:01')).toMatch(/six pairs of hex digits/)
    expect(bad('$(reboot)')).toMatch(/six pairs/)
  })
})

describe('boot, memory, vCPUs', () => {
  it('sets per-device boot order (dropping <os><boot dev>) and the boot menu', () => {
    const xml = fixture('q35-virt-manager-basic.xml')
    const r = edit(xml, { kind: 'boot', order: ['nic:52:54:00:9a:e6:c6', 'disk:vda'], menu: true })
    const hw = readHardware(r.xml)
    expect(hw.boot).toEqual({ menu: true, osDevices: [] })
    expect(hw.nics[0]?.bootOrder).toBe(1)
    expect(hw.disks[0]?.bootOrder).toBe(2)
    expect(() => edit(xml, { kind: 'boot', order: [], menu: false })).toThrow(/at least one device/)
  })

  it('memory: setmem live within the running maximum; a new maximum waits', () => {
    const xml = fixture('q35-virt-manager-basic.xml')
    const live = readHardware(xml)
    const r = edit(xml, { kind: 'memory', currentMiB: 2048, maxMiB: 8192 }, { ...on, live })
    expect(changes(xml, r.xml)).toEqual([
      "-  <memory unit='KiB'>4194304</memory>",
      "-  <currentMemory unit='KiB'>4194304</currentMemory>",
      "+  <memory unit='KiB'>8388608</memory>",
      "+  <currentMemory unit='KiB'>2097152</currentMemory>",
    ])
    expect(r.live[0]?.args).toEqual(['setmem', '--domain', 'u-1', '--size', '2097152KiB', '--live'])
    expect(r.restartNeeded[0]).toMatch(/Maximum memory 8192/)
    const bad = hwEditSchema.safeParse({ kind: 'memory', currentMiB: 99999999999, maxMiB: 99999999999 })
    expect(bad.success ? '' : bad.error.issues[0]?.message).toMatch(/over 16 TiB/)
    const frac = hwEditSchema.safeParse({ kind: 'memory', currentMiB: 512.5, maxMiB: 1024 })
    expect(frac.success ? '' : frac.error.issues[0]?.message).toMatch(/whole MiB/)
  })

  it('vCPUs: current below maximum, setvcpus live', () => {
    const xml = fixture('q35-virt-manager-basic.xml')
    const r = edit(xml, { kind: 'vcpus', current: 1, max: 4 }, { ...on, live: readHardware(xml) })
    expect(r.xml).toContain("<vcpu placement='static' current='1'>4</vcpu>")
    expect(r.live[0]?.args).toEqual(['setvcpus', '--domain', 'u-1', '--count', '1', '--live'])
    const neg = hwEditSchema.safeParse({ kind: 'vcpus', current: -3, max: 2 })
    expect(neg.success ? '' : neg.error.issues[0]?.message).toMatch(/at least 1; -3/)
  })
})

describe('graphics, video, host devices, TPM, virtiofs', () => {
  it('switches SPICE to VNC on 127.0.0.1 with a password that never shows in the diff', () => {
    const xml = fixture('q35-virt-manager-basic.xml')
    const r = edit(xml, { kind: 'graphics', type: 'vnc', listen: '127.0.0.1', password: "s3cr'et" })
    expect(r.xml).toContain("passwd='s3cr&apos;et'")
    expect(maskPasswords(r.xml)).not.toContain('s3cr')
    expect(r.summary).not.toContain('s3cr')
    const hw = readHardware(r.xml)
    expect(hw.graphics).toEqual([{ type: 'vnc', listen: '127.0.0.1', hasPassword: true }])
    expect(
      hwEditSchema.safeParse({ kind: 'graphics', type: 'vnc', listen: 'localhost; rm -rf /' }).success,
    ).toBe(false)
  })

  it('removes a console password: the passwd goes, the element is dropped from carrying, never both at once', () => {
    const xml = fixture('q35-virt-manager-basic.xml').replace(
      "<graphics type='spice' autoport='yes'",
      "<graphics type='spice' autoport='yes' passwd='old$(x)' passwdValidTo='2099-01-01T00:00:00'",
    )
    expect(xml).toContain('old$(x)')
    const r = edit(xml, { kind: 'graphics', type: 'spice', listen: '', removePassword: true }, on)
    expect(r.xml).not.toMatch(/passwd/)
    expect(r.dropGraphicsSecrets).toEqual(['spice#0'])
    expect(r.summary).toMatch(/password removed/)
    expect(r.live).toEqual([])
    expect(r.restartNeeded[0]).toMatch(/keeps asking for the old password/)
    // The plain dumpxml has no passwd: whether one is set comes from the --security-info read.
    const plain = fixture('q35-virt-manager-basic.xml')
    expect(
      edit(
        plain,
        { kind: 'graphics', type: 'spice', listen: '', removePassword: true },
        {
          ...off,
          consolePasswords: [true],
        },
      ).dropGraphicsSecrets,
    ).toEqual(['spice#0'])
    expect(() => edit(plain, { kind: 'graphics', type: 'spice', listen: '', removePassword: true })).toThrow(
      /has no password; there is nothing to remove/,
    )
    expect(() => edit(xml, { kind: 'graphics', type: 'vnc', listen: '', removePassword: true }, on)).toThrow(
      /no VNC console/,
    )
    const both = hwEditSchema.safeParse({
      kind: 'graphics',
      type: 'vnc',
      listen: '',
      password: 'x',
      removePassword: true,
    })
    expect(both.success ? '' : both.error.issues[0]?.message).toMatch(/not both/)
  })

  it('a running VM whose console password differs from its definition waits for a restart', () => {
    const hw = readHardware(fixture('q35-virt-manager-basic.xml'))
    const withPw = { ...hw, graphics: hw.graphics.map((g) => ({ ...g, hasPassword: true })) }
    expect(pendingRestart(hw, withPw)).toEqual(['Console password is removed'])
    expect(pendingRestart(withPw, hw)).toEqual(['Console password is set'])
  })

  it('video model: the old model’s sizes go with it', () => {
    const xml = fixture('q35-virt-manager-basic.xml')
    const r = edit(xml, { kind: 'video', model: 'virtio' })
    expect(changes(xml, r.xml)).toEqual([
      "-      <model type='qxl' ram='65536' vram='65536' vgamem='16384' heads='1' primary='yes'/>",
      "+      <model type='virtio'/>",
    ])
  })

  it('USB and PCI host devices by id; removing one gives back the same bytes', () => {
    const xml = fixture('q35-virt-manager-basic.xml')
    const usb = edit(xml, { kind: 'hostdev.add', device: { kind: 'usb', id: '046d:C52B' } })
    expect(readHardware(usb.xml).hostdevs).toEqual([{ kind: 'usb', id: '046d:c52b' }])
    const pci = edit(usb.xml, { kind: 'hostdev.add', device: { kind: 'pci', id: '0000:06:12.5' } })
    expect(readHardware(pci.xml).hostdevs.map((h) => h.id)).toEqual(['046d:c52b', '0000:06:12.5'])
    expect(edit(pci.xml, { kind: 'hostdev.remove', id: '0000:06:12.5' }).xml).toBe(usb.xml)
    expect(readHardware(fixture('hostdev-pci-address.xml')).hostdevs).toEqual([
      { kind: 'pci', id: '0000:06:12.5' },
    ])
  })

  it('TPM 2.0 (tpm-crb) and says when swtpm is missing', () => {
    const xml = fixture('q35-virt-manager-basic.xml')
    const r = edit(xml, { kind: 'tpm', version: '2.0' }, { ...off, swtpm: false })
    expect(readHardware(r.xml).tpm).toEqual({ model: 'tpm-crb', backend: 'emulator', version: '2.0' })
    expect(r.notes.join(' ')).toMatch(/swtpm is not installed/)
    expect(edit(r.xml, { kind: 'tpm', version: null }).xml).toBe(xml)
  })

  it('a virtiofs folder adds the shared memory backing it needs', () => {
    const xml = fixture('q35-virt-manager-basic.xml')
    const r = edit(xml, { kind: 'fs.add', source: '/srv/share', tag: 'share' }, { ...off, virtiofsd: false })
    expect(r.xml).toContain(
      "<memoryBacking>\n    <source type='memfd'/>\n    <access mode='shared'/>\n  </memoryBacking>",
    )
    const hw = readHardware(r.xml)
    expect(hw.sharedMemory).toBe(true)
    expect(hw.filesystems).toEqual([{ source: '/srv/share', tag: 'share', driver: 'virtiofs' }])
    expect(r.notes.join(' ')).toMatch(/virtiofsd is not installed/)
    expect(() => edit(r.xml, { kind: 'fs.add', source: '/srv/other', tag: 'share' })).toThrow(
      /already shares a folder/,
    )
    expect(hwEditSchema.safeParse({ kind: 'fs.add', source: '../etc', tag: 'x' }).success).toBe(false)
  })
})

describe('restart needed', () => {
  it('compares what the tab edits, not runtime additions', () => {
    const xml = fixture('q35-virt-manager-basic.xml')
    const config = readHardware(xml)
    expect(pendingRestart(config, readHardware(xml))).toEqual([])
    const changed = readHardware(edit(xml, { kind: 'vcpus', current: 2, max: 4 }).xml)
    expect(pendingRestart(changed, config)).toEqual(['Maximum vCPUs 4'])
  })
})
