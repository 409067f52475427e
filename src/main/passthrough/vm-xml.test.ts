import { describe, expect, it } from 'vitest'
import { lookingGlassFormula, lookingGlassSizeMiB, lookingGlassTmpfiles } from './looking-glass.js'
import { editDomainForPassthrough } from './vm-xml.js'

const GAMING_DOMAIN = `<domain type='kvm'>
  <name>gaming</name>
  <uuid>6f1a3c52-2a9e-4b57-9a7c-1f4f7c0e9b11</uuid>
  <memory unit='KiB'>1048576</memory>
  <vcpu placement='static'>2</vcpu>
  <os firmware='efi'>
    <type arch='x86_64' machine='q35'>hvm</type>
  </os>
  <features>
    <acpi/>
    <apic/>
  </features>
  <clock offset='localtime'/>
  <devices>
    <!-- the user's own note -->
    <controller type='pci' index='0' model='pcie-root'/>
    <controller type='pci' index='1' model='pcie-root-port'/>
    <unknown-thing keep='me'/>
    <memballoon model='none'/>
  </devices>
</domain>
`

const GTX = ['0000:01:00.0', '0000:01:00.1']

describe('Looking Glass size', () => {
  it('is W×H×4×2 + 10 MiB rounded up to a power of two: 32 MiB at 1080p, 64 at 1440p, 128 at 4K', () => {
    expect(lookingGlassSizeMiB(1920, 1080)).toBe(32)
    expect(lookingGlassSizeMiB(2560, 1440)).toBe(64)
    expect(lookingGlassSizeMiB(3840, 2160)).toBe(128)
    expect(lookingGlassFormula(1920, 1080)).toBe(
      '1920 × 1080 × 4 bytes × 2 frames + 10 MiB = 25.82 MiB → 32 MiB (the next power of two)',
    )
  })

  it('writes the tmpfiles.d line for the user, and refuses a user name with shell syntax', () => {
    expect(lookingGlassTmpfiles('alice').content).toContain('f /dev/shm/looking-glass 0660 alice kvm -\n')
    expect(() => lookingGlassTmpfiles('x; rm -rf /')).toThrow(/not a user name/)
  })
})

describe('the passthrough edit of a domain', () => {
  it('adds a root port and one vfio hostdev per function at matching guest addresses, keeping everything else', () => {
    const edit = editDomainForPassthrough(GAMING_DOMAIN, {
      functions: GTX,
      romFile: '/var/lib/libvirt/vbios/gtx1060.rom',
    })
    expect(edit.problems).toEqual([])
    expect(edit.xml).toBe(
      GAMING_DOMAIN.replace(
        "    <controller type='pci' index='1' model='pcie-root-port'/>\n",
        [
          "    <controller type='pci' index='1' model='pcie-root-port'/>",
          "    <controller type='pci' index='2' model='pcie-root-port'/>",
          '',
        ].join('\n'),
      ).replace(
        "    <memballoon model='none'/>\n",
        [
          "    <memballoon model='none'/>",
          "    <hostdev mode='subsystem' type='pci' managed='yes'>",
          "      <driver name='vfio'/>",
          '      <source>',
          "        <address domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>",
          '      </source>',
          "      <rom file='/var/lib/libvirt/vbios/gtx1060.rom'/>",
          "      <address type='pci' domain='0x0000' bus='0x02' slot='0x00' function='0x0' multifunction='on'/>",
          '    </hostdev>',
          "    <hostdev mode='subsystem' type='pci' managed='yes'>",
          "      <driver name='vfio'/>",
          '      <source>',
          "        <address domain='0x0000' bus='0x01' slot='0x00' function='0x1'/>",
          '      </source>',
          "      <address type='pci' domain='0x0000' bus='0x02' slot='0x00' function='0x1'/>",
          '    </hostdev>',
          '',
        ].join('\n'),
      ),
    )
  })

  it('Code 43 workaround: vendor_id (12 chars max), hidden KVM, kvm ioapic; refuses a 13-character id', () => {
    const edit = editDomainForPassthrough(GAMING_DOMAIN, {
      functions: GTX,
      code43: { vendorId: 'abcdefghijkl' },
    })
    expect(edit.xml).toContain(
      [
        '  <features>',
        '    <acpi/>',
        '    <apic/>',
        '    <hyperv>',
        "      <vendor_id state='on' value='abcdefghijkl'/>",
        '    </hyperv>',
        '    <kvm>',
        "      <hidden state='on'/>",
        '    </kvm>',
        "    <ioapic driver='kvm'/>",
        '  </features>',
      ].join('\n'),
    )
    expect(() =>
      editDomainForPassthrough(GAMING_DOMAIN, { functions: GTX, code43: { vendorId: 'abcdefghijklm' } }),
    ).toThrow()
    expect(() =>
      editDomainForPassthrough(GAMING_DOMAIN, { functions: GTX, code43: { vendorId: "x'/><evil/>" } }),
    ).toThrow()
  })

  it('Looking Glass shmem and evdev keyboard/mouse with the chosen grab toggle', () => {
    const edit = editDomainForPassthrough(GAMING_DOMAIN, {
      functions: GTX,
      lookingGlass: { width: 2560, height: 1440 },
      evdev: {
        keyboard: '/dev/input/by-id/usb-Logitech_Keyboard-event-kbd',
        mouse: '/dev/input/by-id/usb-Logitech_Mouse-event-mouse',
        grabToggle: 'scrolllock',
      },
    })
    expect(edit.xml).toContain(
      "    <shmem name='looking-glass'>\n      <model type='ivshmem-plain'/>\n      <size unit='M'>64</size>\n      <address type='pci' domain='0x0000' bus='0x00' slot='0x10' function='0x0'/>\n    </shmem>\n",
    )
    expect(edit.xml).toContain(
      "<source dev='/dev/input/by-id/usb-Logitech_Keyboard-event-kbd' grab='all' grabToggle='scrolllock' repeat='on'/>",
    )
    expect(edit.xml).toContain("<source dev='/dev/input/by-id/usb-Logitech_Mouse-event-mouse'/>")
    expect(edit.notes).toContain(
      'Looking Glass size: 2560 × 1440 × 4 bytes × 2 frames + 10 MiB = 38.13 MiB → 64 MiB (the next power of two).',
    )
  })

  it('is idempotent: applying twice changes nothing; a later resolution only resizes', () => {
    const options = {
      functions: GTX,
      romFile: '/r.rom',
      code43: { vendorId: 'virtdeck' },
      lookingGlass: { width: 1920, height: 1080 },
      evdev: {
        keyboard: '/dev/input/by-id/k-event-kbd',
        mouse: '/dev/input/by-id/m-event-mouse',
        grabToggle: 'ctrl-ctrl' as const,
      },
    }
    const once = editDomainForPassthrough(GAMING_DOMAIN, options)
    const twice = editDomainForPassthrough(once.xml, options)
    expect(twice.changed).toBe(false)
    expect(twice.xml).toBe(once.xml)
    const bigger = editDomainForPassthrough(once.xml, {
      ...options,
      lookingGlass: { width: 3840, height: 2160 },
    })
    expect(bigger.xml).toBe(once.xml.replace("<size unit='M'>32</size>", "<size unit='M'>128</size>"))
  })

  it('says what is wrong with an i440fx BIOS TCG domain instead of changing its machine', () => {
    const edit = editDomainForPassthrough(
      GAMING_DOMAIN.replace("type='kvm'", "type='qemu'")
        .replace("machine='q35'", "machine='pc-i440fx-7.2'")
        .replace(" firmware='efi'", ''),
      { functions: ['0000:01:00.0'] },
    )
    expect(edit.problems).toHaveLength(3)
    expect(edit.problems[0]).toMatch(/type='kvm'/)
    expect(edit.problems[1]).toMatch(/not q35/)
    expect(edit.problems[2]).toMatch(/UEFI/)
  })

  it('refuses hostile input in paths (quotes, newlines) through the options schema', () => {
    expect(() => editDomainForPassthrough(GAMING_DOMAIN, { functions: ["0000:01:00.0'"] })).toThrow()
    expect(() => editDomainForPassthrough(GAMING_DOMAIN, { functions: GTX, romFile: "/x'\n" })).toThrow()
  })
})
