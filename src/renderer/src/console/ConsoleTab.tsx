import { Alert, SegmentedControl, Stack, Text } from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import type { DomainGraphics } from '@shared/vms.js'
import { SerialConsole } from './SerialConsole'
import { SpiceButton } from './SpiceButton'
import { AddVncCard } from './AddVncCard'
import { VncConsole } from './VncConsole'
import { openConsoleWindow } from './consoleWindow'

interface Props {
  hostId: string
  uuid: string
  name: string
  running: boolean
  graphics: readonly DomainGraphics[]
}

type View = 'screen' | 'serial'

/** What to say instead of a screen when the VM has none VirtDeck can show. */
function NoScreen({
  graphics,
  vm,
}: {
  graphics: readonly DomainGraphics[]
  vm: { hostId: string; uuid: string; name: string }
}): JSX.Element {
  const spice = graphics.some((g) => g.type === 'spice')
  return (
    <Alert
      color="gray"
      title={spice ? 'This VM shows its screen over SPICE only' : 'This VM has no graphical display'}
    >
      <Text size="sm" mb={spice ? 'sm' : 0}>
        {spice
          ? 'VirtDeck shows VNC displays. Open it in remote-viewer (virt-viewer), add a VNC display to the VM, or use the serial console.'
          : 'Use the serial console, or add a VNC display (<graphics type="vnc"/>) to the VM.'}
      </Text>
      {spice && <SpiceButton {...vm} />}
    </Alert>
  )
}

function NoScreenWithOffer(props: {
  graphics: readonly DomainGraphics[]
  vm: { hostId: string; uuid: string; name: string }
}): JSX.Element {
  return (
    <Stack gap="md">
      <NoScreen {...props} />
      {props.graphics.some((g) => g.type === 'spice') && <AddVncCard {...props.vm} />}
    </Stack>
  )
}

/** The Console tab: the VM's screen (VNC) or its serial console. */
export function ConsoleTab({ hostId, uuid, name, running, graphics }: Props): JSX.Element {
  const hasVnc = graphics.some((g) => g.type === 'vnc')
  const [view, setView] = useState<View>(hasVnc ? 'screen' : 'serial')
  return (
    <Stack gap="sm">
      <SegmentedControl
        w="fit-content"
        value={view}
        onChange={(value) => setView(value as View)}
        aria-label="Console view"
        data={[
          { value: 'screen', label: 'Screen' },
          { value: 'serial', label: 'Serial / text' },
        ]}
      />
      {view === 'screen' &&
        (hasVnc ? (
          <VncConsole
            hostId={hostId}
            uuid={uuid}
            name={name}
            running={running}
            onOwnWindow={() => openConsoleWindow({ hostId, uuid, name })}
          />
        ) : (
          <NoScreenWithOffer graphics={graphics} vm={{ hostId, uuid, name }} />
        ))}
      {view === 'serial' &&
        (running ? (
          <SerialConsole hostId={hostId} uuid={uuid} name={name} />
        ) : (
          <Text size="sm" c="dimmed">
            The VM is not running. Its serial console opens when it runs.
          </Text>
        ))}
    </Stack>
  )
}
