import { describe, expect, it } from 'vitest'
import type { HostInputDevice } from '@shared/passthrough-inputs.js'
import { evdevOptions } from './evdevOptions'

const device = (
  name: string,
  kind: HostInputDevice['kind'],
  label: string,
  problem: string | null = null,
): HostInputDevice => ({
  path: `/dev/input/by-id/${name}`,
  name,
  kind,
  role: kind,
  interface: null,
  device: '/dev/input/event1',
  label,
  problem,
})

const devices = [
  device('usb-K-event-kbd', 'keyboard', 'K (keyboard)'),
  device('usb-M-event-mouse', 'mouse', 'M (mouse)'),
  device('usb-P-event-joystick', 'other', 'P (joystick)'),
  device("usb-Bob's-event-kbd", 'keyboard', "Bob's (keyboard)", 'a quote'),
]

describe('the evdev select options', () => {
  it('the wanted kind first, then the others; a link the VM cannot take is listed but disabled', () => {
    const keyboard = evdevOptions(devices, 'keyboard', '')
    expect(keyboard.map((g) => g.group)).toEqual(['Keyboards', 'Mice', 'Other input devices'])
    expect(keyboard[0]?.items).toEqual([
      { value: '/dev/input/by-id/usb-K-event-kbd', label: 'K (keyboard)', disabled: false },
      {
        value: "/dev/input/by-id/usb-Bob's-event-kbd",
        label: "Bob's (keyboard) — cannot be used",
        disabled: true,
      },
    ])
    expect(evdevOptions(devices, 'mouse', '').map((g) => g.group)).toEqual([
      'Mice',
      'Keyboards',
      'Other input devices',
    ])
  })

  it('a path typed by hand that is not listed stays selectable; empty kinds are left out', () => {
    const only = evdevOptions(
      [devices[1] as HostInputDevice],
      'keyboard',
      '/dev/input/by-id/usb-Gone-event-kbd',
    )
    expect(only).toEqual([
      {
        group: 'Mice',
        items: [{ value: '/dev/input/by-id/usb-M-event-mouse', label: 'M (mouse)', disabled: false }],
      },
      {
        group: 'Typed by hand',
        items: [
          {
            value: '/dev/input/by-id/usb-Gone-event-kbd',
            label: '/dev/input/by-id/usb-Gone-event-kbd',
            disabled: false,
          },
        ],
      },
    ])
    expect(evdevOptions([], 'mouse', '/dev/input/by-id/')).toEqual([])
  })
})
