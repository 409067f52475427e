import { z } from 'zod'

/**
 * The host's input devices for evdev passthrough: every `/dev/input/by-id/*-event-*` link with the
 * event node it points to, its kind and a name a person can pick from a list.
 */

const hostId = z.string().min(1).max(64)

export const passthroughInputDevicesInput = z.object({ hostId }).strict()

export type InputDeviceKind = 'keyboard' | 'mouse' | 'other'

export interface HostInputDevice {
  /** The stable link the VM is given: `/dev/input/by-id/<name>`. */
  path: string
  /** The link's file name as udev made it (`usb-Logitech_USB_Receiver-if02-event-mouse`). */
  name: string
  kind: InputDeviceKind
  /** What udev says the node is: keyboard, mouse, joystick, or "input" when it only names the interface. */
  role: string
  /** The USB interface number from `-ifNN`, if the name has one. */
  interface: number | null
  /** The event node the link resolves to now (`/dev/input/event3`); changes between boots. */
  device: string | null
  /** "Logitech USB Receiver (mouse)"; ", interface N" is added when two entries would read the same. */
  label: string
  /** Why this link cannot be given to a VM (a quote or newline in its name), or null when it can. */
  problem: string | null
}

export interface HostInputDevices {
  hostId: string
  /** False when the host has no /dev/input/by-id (no USB input, e.g. a server or a container). */
  byId: boolean
  /** Keyboards, then mice, then the others; by label within each. */
  devices: HostInputDevice[]
  /** What to do when the list is empty, in words; null otherwise. */
  note: string | null
}
