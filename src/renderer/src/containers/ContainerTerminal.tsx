import { Modal, Text } from '@mantine/core'
import type { JSX } from 'react'
import { useCallback } from 'react'
import type { PipeKind } from '@shared/pipes.js'
import type { ConsolePipe } from '../api/pipes'
import { openPipe } from '../api/pipes'
import { TerminalView } from '../ui/terminal/TerminalView'

/** Which container a terminal is for: a Docker container (a shell through `docker exec`) or an LXC one (`lxc-attach`). */
export type TerminalTarget = { engine: 'docker'; id: string; name: string } | { engine: 'lxc'; name: string }

/**
 * A terminal into a running container, in a dialog: keys go to the container's shell, the size
 * follows the window (Docker), closing the dialog ends the shell (the container keeps running).
 */
export function ContainerTerminal({
  hostId,
  target,
  onClose,
}: {
  hostId: string
  target: TerminalTarget | null
  onClose(): void
}): JSX.Element {
  return (
    <Modal
      opened={target !== null}
      onClose={onClose}
      title={target === null ? '' : `Terminal in ${target.name}`}
      size="80rem"
      closeOnEscape={false}
    >
      {target !== null && <TerminalBody hostId={hostId} target={target} />}
    </Modal>
  )
}

function TerminalBody({ hostId, target }: { hostId: string; target: TerminalTarget }): JSX.Element {
  const id = target.engine === 'docker' ? target.id : ''
  const { engine, name } = target
  const open = useCallback(
    (): ConsolePipe<PipeKind> =>
      engine === 'docker'
        ? openPipe('docker.exec', { hostId, id, command: ['/bin/sh'] })
        : openPipe('lxc.attach', { hostId, name }),
    [engine, hostId, id, name],
  )
  return (
    <>
      <Text size="xs" c="dimmed" mb="xs">
        {engine === 'docker'
          ? 'A /bin/sh in the container (docker exec). Escape goes to the shell; close the dialog with its × button. Closing ends the shell, not the container.'
          : 'lxc-attach into the container. Escape goes to the shell; close the dialog with its × button. Closing ends the session, not the container.'}
      </Text>
      <TerminalView
        open={open}
        label={`Terminal in ${name}`}
        connectedText={() =>
          engine === 'docker' ? `Connected: /bin/sh in ${name}.` : `Connected: lxc-attach to ${name}.`
        }
      />
    </>
  )
}
