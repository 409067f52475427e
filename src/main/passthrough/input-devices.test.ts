import { describe, expect, it } from 'vitest'
import { vmPassthroughOptionsSchema } from '@shared/passthrough.js'
import { describeLink, describeLinks, parseByIdListing, productName } from './input-devices.js'

const links = (...pairs: [string, string][]): { name: string; target: string }[] =>
  pairs.map(([name, target]) => ({ name, target }))

describe('the by-id listing (NUL-separated output of the fixed script)', () => {
  it('no folder → null; a folder → every name and target, whatever the bytes in them', () => {
    expect(parseByIdListing('@none\0')).toBeNull()
    expect(parseByIdListing('@by-id\0')).toEqual([])
    const hostile = "usb-A 'b' $(touch x);\nrm -rf ~-event-kbd"
    expect(
      parseByIdListing(`@by-id\0usb-Logitech_USB_Receiver-event-mouse\0../event3\0${hostile}\0../event9\0`),
    ).toEqual(links(['usb-Logitech_USB_Receiver-event-mouse', '../event3'], [hostile, '../event9']))
  })

  it('refuses output it does not know instead of guessing', () => {
    expect(() => parseByIdListing('find: unknown predicate `-printf`\n')).toThrow(/unexpected output/)
  })
})

describe('a readable name from a by-id name', () => {
  it.each([
    ['usb-Logitech_USB_Receiver', 'Logitech USB Receiver'],
    ['usb-Razer_Razer_Huntsman_V3_Pro_Mini', 'Razer Huntsman V3 Pro Mini'],
    ['usb-HP__Inc_HyperX_Cloud_III_Wireless_0000000000000000', 'HP Inc HyperX Cloud III Wireless'],
    ['usb-Razer_Razer_BlackWidow_V3_Pro_000000000000', 'Razer BlackWidow V3 Pro'],
    ['usb-04d9_USB_Laser_Game_Mouse', '04d9 USB Laser Game Mouse'],
    ['usb-osamuaoki_cgc56', 'osamuaoki cgc56'],
  ])('%s → %s', (serial, name) => {
    expect(productName(serial)).toBe(name)
  })
})

describe('one link described', () => {
  it('usb-Logitech_USB_Receiver-if02-event-mouse → "Logitech USB Receiver (mouse)", interface 2, its event node', () => {
    expect(describeLink({ name: 'usb-Logitech_USB_Receiver-if02-event-mouse', target: '../event3' })).toEqual(
      {
        path: '/dev/input/by-id/usb-Logitech_USB_Receiver-if02-event-mouse',
        name: 'usb-Logitech_USB_Receiver-if02-event-mouse',
        kind: 'mouse',
        role: 'mouse',
        interface: 2,
        device: '/dev/input/event3',
        label: 'Logitech USB Receiver (mouse)',
        problem: null,
      },
    )
  })

  it('keyboards, joysticks and bare interfaces; non-event links (-mouse, -joystick) are left out', () => {
    const kbd = describeLink({ name: 'usb-ROCCAT_ROCCAT_Vulcan_AIMO-event-kbd', target: '../event6' })
    expect([kbd?.kind, kbd?.label, kbd?.interface]).toEqual([
      'keyboard',
      'ROCCAT Vulcan AIMO (keyboard)',
      null,
    ])
    const pad = describeLink({ name: 'usb-PDP_Afterglow-event-joystick', target: '../event25' })
    expect([pad?.kind, pad?.role]).toEqual(['other', 'joystick'])
    const iface = describeLink({ name: 'usb-ROCCAT_ROCCAT_Vulcan_AIMO-event-if01', target: '../event11' })
    expect([iface?.kind, iface?.role, iface?.interface]).toEqual(['other', 'input', 1])
    expect(
      describeLink({ name: 'usb-ROCCAT_ROCCAT_Vulcan_AIMO-if01-mouse', target: '../mouse0' }),
    ).toBeUndefined()
    expect(describeLink({ name: 'usb-PDP_Afterglow-joystick', target: '../js0' })).toBeUndefined()
  })

  it('an absolute target is kept; a dangling empty one is null', () => {
    expect(describeLink({ name: 'usb-X-event-kbd', target: '/dev/input/event7' })?.device).toBe(
      '/dev/input/event7',
    )
    expect(describeLink({ name: 'usb-X-event-kbd', target: '' })?.device).toBeNull()
  })

  it('a name with a quote or a newline is listed with the reason the VM cannot take it; the schema agrees', () => {
    for (const name of ["usb-Bob's_Keyboard-event-kbd", 'usb-Two\nLines-event-kbd']) {
      const device = describeLink({ name, target: '../event1' })
      expect(device?.problem).toMatch(/quote or a line break/)
      expect(device?.label).not.toContain('\n')
      const parsed = vmPassthroughOptionsSchema.safeParse({
        functions: ['0000:01:00.0'],
        evdev: { keyboard: device?.path, mouse: device?.path, grabToggle: 'ctrl-ctrl' },
      })
      expect(parsed.success).toBe(false)
    }
    const spaced = describeLink({ name: 'usb-My Keyboard $(id)-event-kbd', target: '../event2' })
    expect([spaced?.label, spaced?.problem]).toEqual(['My Keyboard $(id) (keyboard)', null])
  })
})

describe('the list', () => {
  it('keyboards first, then mice, then the rest; same-reading labels get their interface', () => {
    const devices = describeLinks(
      links(
        ['usb-Razer_Razer_Huntsman_V3_Pro_Mini-if02-event-mouse', '../event20'],
        ['usb-Razer_Razer_Huntsman_V3_Pro_Mini-event-kbd', '../event12'],
        ['usb-Razer_Razer_Huntsman_V3_Pro_Mini-if01-event-kbd', '../event17'],
        ['usb-Razer_Razer_Huntsman_V3_Pro_Mini-event-if01', '../event18'],
        ['usb-Logitech_USB_Receiver-event-mouse', '../event3'],
        ['usb-Logitech_USB_Receiver-mouse', '../mouse0'],
      ),
    )
    expect(devices.map((d) => [d.kind, d.label, d.device])).toEqual([
      ['keyboard', 'Razer Huntsman V3 Pro Mini (keyboard)', '/dev/input/event12'],
      ['keyboard', 'Razer Huntsman V3 Pro Mini (keyboard, interface 1)', '/dev/input/event17'],
      ['mouse', 'Logitech USB Receiver (mouse)', '/dev/input/event3'],
      ['mouse', 'Razer Huntsman V3 Pro Mini (mouse)', '/dev/input/event20'],
      ['other', 'Razer Huntsman V3 Pro Mini (input)', '/dev/input/event18'],
    ])
  })
})
