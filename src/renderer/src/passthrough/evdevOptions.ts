import type { ComboboxItem, ComboboxItemGroup } from '@mantine/core'
import type { HostInputDevice, InputDeviceKind } from '@shared/passthrough-inputs.js'

const GROUP_TITLE: Record<InputDeviceKind, string> = {
  keyboard: 'Keyboards',
  mouse: 'Mice',
  other: 'Other input devices',
}
export const BY_ID = '/dev/input/by-id/'

/** The list as select groups, the wanted kind first; a value typed by hand that is not listed is kept. */
export function evdevOptions(
  devices: readonly HostInputDevice[],
  first: InputDeviceKind,
  value: string,
): ComboboxItemGroup<ComboboxItem>[] {
  const order: InputDeviceKind[] =
    first === 'mouse' ? ['mouse', 'keyboard', 'other'] : ['keyboard', 'mouse', 'other']
  const result = order
    .map((kind) => ({
      group: GROUP_TITLE[kind],
      items: devices
        .filter((d) => d.kind === kind)
        .map((d) => ({
          value: d.path,
          label: d.problem === null ? d.label : `${d.label} — cannot be used`,
          disabled: d.problem !== null,
        })),
    }))
    .filter((g) => g.items.length > 0)
  if (value !== '' && value !== BY_ID && !devices.some((d) => d.path === value))
    result.push({ group: 'Typed by hand', items: [{ value, label: value, disabled: false }] })
  return result
}
