import {
  Alert,
  Button,
  Checkbox,
  Group,
  Loader,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import type { HostInputDevice, InputDeviceKind } from '@shared/passthrough-inputs.js'
import { BY_ID, evdevOptions } from './evdevOptions'
import { useInputDevices } from '../api/usePassthrough'
import { ErrorDetails } from '../notify/ErrorDetails'

function DeviceSelect(props: {
  label: string
  first: InputDeviceKind
  devices: readonly HostInputDevice[]
  value: string
  onChange: (path: string) => void
}): JSX.Element {
  const { label, first, devices, value, onChange } = props
  const chosen = devices.find((d) => d.path === value)
  return (
    <Select
      label={label}
      placeholder={`Choose a ${label.toLowerCase()}`}
      data={evdevOptions(devices, first, value)}
      value={value === '' || value === BY_ID ? null : value}
      onChange={(v) => onChange(v ?? '')}
      description={
        chosen === undefined
          ? 'From the host’s /dev/input/by-id'
          : `${chosen.path}${chosen.device === null ? '' : ` (${chosen.device} now)`}`
      }
      searchable
      allowDeselect={false}
      nothingFoundMessage="No input device matches"
      maxDropdownHeight={320}
    />
  )
}

/**
 * The evdev keyboard and mouse, picked from the host's /dev/input/by-id (passthrough.inputDevices),
 * or typed by hand when the host lists none or the device is not listed.
 */
export function EvdevPicker(props: {
  hostId: string
  keyboard: string
  mouse: string
  onKeyboard: (path: string) => void
  onMouse: (path: string) => void
}): JSX.Element {
  const { hostId, keyboard, mouse, onKeyboard, onMouse } = props
  const list = useInputDevices(hostId)
  const [byHand, setByHand] = useState(false)
  const devices = list.data?.devices ?? []
  const listed = devices.length > 0
  const manual = byHand || list.error !== null || (list.data !== undefined && !listed)
  return (
    <Stack gap="xs">
      {list.isPending && <Loader size="xs" aria-label="Reading the host’s input devices" />}
      {list.error !== null && <ErrorDetails error={list.error} />}
      {list.data?.note != null && (
        <Alert
          color="gray"
          title={list.data.byId ? 'No keyboard or mouse found' : 'No /dev/input/by-id on this host'}
        >
          {list.data.note}
        </Alert>
      )}
      {manual ? (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label="Keyboard (by-id path)"
            placeholder={`${BY_ID}usb-…-event-kbd`}
            value={keyboard}
            onChange={(e) => onKeyboard(e.currentTarget.value)}
          />
          <TextInput
            label="Mouse (by-id path)"
            placeholder={`${BY_ID}usb-…-event-mouse`}
            value={mouse}
            onChange={(e) => onMouse(e.currentTarget.value)}
          />
        </SimpleGrid>
      ) : (
        list.data !== undefined && (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <DeviceSelect
              label="Keyboard"
              first="keyboard"
              devices={devices}
              value={keyboard}
              onChange={onKeyboard}
            />
            <DeviceSelect label="Mouse" first="mouse" devices={devices} value={mouse} onChange={onMouse} />
          </SimpleGrid>
        )
      )}
      <Group gap="sm">
        {listed && (
          <Checkbox
            label="Type the paths by hand (a device that is not listed)"
            checked={byHand}
            onChange={(e) => {
              const on = e.currentTarget.checked
              setByHand(on)
              if (on && keyboard === '') onKeyboard(BY_ID)
              if (on && mouse === '') onMouse(BY_ID)
            }}
          />
        )}
        <Button variant="subtle" size="xs" onClick={() => void list.refetch()} loading={list.isFetching}>
          Read the input devices again
        </Button>
      </Group>
      {listed && !manual && (
        <Text size="xs" c="dimmed">
          The VM is given the by-id link, which stays the same across reboots; the event node it points to may
          not.
        </Text>
      )}
    </Stack>
  )
}
