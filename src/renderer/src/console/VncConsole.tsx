import { Alert, Box, Button, Group, PasswordInput, Stack, Text } from '@mantine/core'
import type { JSX } from 'react'
import { useRef, useState } from 'react'
import { ErrorDetails } from '../notify/ErrorDetails'
import { useVncSession } from './useVncSession'
import type { VncStatus } from './useVncSession'
import { VncClipboard } from './VncClipboard'
import { VncToolbar } from './VncToolbar'

interface Props {
  hostId: string
  uuid: string
  name: string
  running: boolean
  /** Opens this screen in its own window (absent inside that window). */
  onOwnWindow?: (() => void) | undefined
  height?: number | string
}

function statusText(status: VncStatus): string {
  switch (status.kind) {
    case 'stopped':
      return 'The VM is not running. Its screen appears here when it starts.'
    case 'connecting':
      return 'Connecting to the screen…'
    case 'connected':
      return `Connected to the screen (${status.endpoint} on ${status.where}).`
    case 'password':
      return 'The screen asks for its VNC password.'
    case 'reconnecting':
      return `${status.reason} Reconnecting…`
    case 'failed':
      return 'The screen cannot be shown.'
  }
}

/** The VM's screen (noVNC on a `vm.vnc` pipe) with its controls. */
export function VncConsole({ hostId, uuid, name, running, onOwnWindow, height = 520 }: Props): JSX.Element {
  const screen = useRef<HTMLDivElement>(null)
  const frame = useRef<HTMLDivElement>(null)
  const [scale, setScale] = useState(true)
  const [clipboardOpen, setClipboardOpen] = useState(false)
  const [password, setPassword] = useState('')
  const session = useVncSession(screen, { hostId, uuid, name }, running, scale)
  const { status } = session

  return (
    <Stack gap="xs">
      <VncToolbar
        rfb={session.rfb}
        connected={status.kind === 'connected'}
        scale={scale}
        onScale={setScale}
        onFullscreen={() => void frame.current?.requestFullscreen().catch(() => undefined)}
        clipboardOpen={clipboardOpen}
        onClipboard={() => setClipboardOpen((open) => !open)}
        onOwnWindow={onOwnWindow}
      />
      {clipboardOpen && <VncClipboard rfb={session.rfb} guestText={session.guestClipboard} />}
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm" c="dimmed" role="status" aria-live="polite">
          {statusText(status)}
        </Text>
        {(status.kind === 'reconnecting' || status.kind === 'failed') && (
          <Button size="xs" variant="default" onClick={session.reconnect}>
            Reconnect now
          </Button>
        )}
      </Group>
      {status.kind === 'failed' && (
        <Alert color="gray" title="No screen to show">
          <ErrorDetails error={status.error} />
        </Alert>
      )}
      {status.kind === 'password' && (
        <form
          onSubmit={(event) => {
            event.preventDefault()
            session.sendPassword(password)
            setPassword('')
          }}
        >
          <Group align="flex-end">
            <PasswordInput
              label="VNC password"
              description={
                status.retry ? 'That password was not accepted. Try again.' : 'Set in the VM’s definition.'
              }
              value={password}
              onChange={(event) => setPassword(event.currentTarget.value)}
              autoComplete="off"
              data-autofocus
              w={260}
            />
            <Button type="submit" disabled={password === ''}>
              Connect
            </Button>
          </Group>
        </form>
      )}
      <Box ref={frame} style={{ background: 'rgb(24, 24, 27)', borderRadius: 4 }}>
        <Box
          ref={screen}
          role="application"
          aria-label={`Screen of ${name}`}
          data-testid="vnc-screen"
          h={height}
          style={{ overflow: 'hidden' }}
        />
      </Box>
    </Stack>
  )
}
