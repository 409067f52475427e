import type { JSX } from 'react'
import { useCallback } from 'react'
import { openPipe } from '../api/pipes'
import { TerminalView } from '../ui/terminal/TerminalView'

/** The VM's serial console (`virsh console` on a `vm.serial` pipe) in a terminal. */
export function SerialConsole({
  hostId,
  uuid,
  name,
}: {
  hostId: string
  uuid: string
  name: string
}): JSX.Element {
  const open = useCallback(() => openPipe('vm.serial', { hostId, uuid, name }), [hostId, uuid, name])
  return (
    <TerminalView
      open={open}
      label={`Serial console of ${name}`}
      connectedText={(info) => {
        const where = (info as { where?: string }).where ?? 'the host'
        return `Connected to the serial console on ${where}. Keys go to the VM.`
      }}
    />
  )
}
