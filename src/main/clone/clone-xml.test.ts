import { describe, expect, it } from 'vitest'
import { cloneDisks, cloneXml, ownDisks, randomMac } from './clone-xml.js'
import { fileStem } from './clone-service.js'

const ORIGINAL = `<domain type='kvm'>
  <name>web</name>
  <uuid>11111111-2222-3333-4444-555555555555</uuid>
  <title>Web server</title>
  <!-- kept: the user's comment -->
  <memory unit='KiB'>1048576</memory>
  <os firmware='efi'>
    <type arch='x86_64' machine='q35'>hvm</type>
    <nvram template='/usr/share/OVMF/OVMF_VARS.fd'>/var/lib/libvirt/qemu/nvram/web_VARS.fd</nvram>
  </os>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2' discard='unmap'/>
      <source file='/img/web.qcow2'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <disk type='file' device='cdrom'>
      <driver name='qemu' type='raw'/>
      <source file='/iso/debian.iso'/>
      <target dev='sda' bus='sata'/>
      <readonly/>
    </disk>
    <interface type='network'>
      <mac address='52:54:00:aa:bb:cc'/>
      <source network='default'/>
    </interface>
  </devices>
</domain>`

describe('the clone’s definition', () => {
  it('changes name, UUID, MACs, NVRAM and the own disks, and keeps every other byte', () => {
    const disks = cloneDisks(ORIGINAL)
    expect(ownDisks(disks).map((d) => d.target)).toEqual(['vda'])
    const out = cloneXml(ORIGINAL, {
      name: `web "copy" & <2>`,
      uuid: '99999999-8888-7777-6666-555555555555',
      disks: new Map([['vda', { path: '/img/web_copy-vda.qcow2', format: 'qcow2' }]]),
      newMac: () => '52:54:00:01:02:03',
    })
    expect(out.macs).toEqual(['52:54:00:01:02:03'])
    expect(out.xml).toBe(
      ORIGINAL.replace('<name>web</name>', '<name>web &quot;copy&quot; &amp; &lt;2&gt;</name>')
        .replace('11111111-2222-3333-4444-555555555555', '99999999-8888-7777-6666-555555555555')
        .replace('\n  <title>Web server</title>', '')
        .replace('>/var/lib/libvirt/qemu/nvram/web_VARS.fd</nvram>', '/>')
        .replace(
          "<nvram template='/usr/share/OVMF/OVMF_VARS.fd'/>",
          "<nvram template='/usr/share/OVMF/OVMF_VARS.fd'/>",
        )
        .replace('/img/web.qcow2', '/img/web_copy-vda.qcow2')
        .replace('52:54:00:aa:bb:cc', '52:54:00:01:02:03'),
    )
  })

  it('makes QEMU-style MACs and file names without anything a file system or a reader trips on', () => {
    expect(randomMac()).toMatch(/^52:54:00(:[0-9a-f]{2}){3}$/)
    expect(fileStem(`web "copy" $(x); é/..`)).toBe('web__copy____x_____..')
    expect(fileStem('-rf')).toBe('_rf')
  })
})
