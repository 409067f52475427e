import '@xterm/xterm/css/xterm.css'
import { FitAddon } from '@xterm/addon-fit'
import { Terminal } from '@xterm/xterm'
import { Alert, Box, Button, Group, Stack, Text, useComputedColorScheme } from '@mantine/core'
import type { JSX } from 'react'
import { useEffect, useRef, useState } from 'react'
import type { AppError } from '@shared/errors.js'
import type { PipeKind } from '@shared/pipes.js'
import type { ConsolePipe } from '../../api/pipes'
import { ErrorDetails } from '../../notify/ErrorDetails'

export interface TerminalViewProps {
  /** Opens the pipe (called again on "Reconnect"); keep it stable (useCallback). */
  open(): ConsolePipe<PipeKind>
  /** Names the terminal for screen readers: "Serial console of web1". */
  label: string
  /** What to say once connected, e.g. "Connected to the serial console on server1". */
  connectedText(info: unknown): string
  height?: number
}

type Status = { kind: 'connecting' } | { kind: 'open'; text: string } | { kind: 'ended'; error?: AppError }

const dark = { background: '#1a1b1e', foreground: '#e9ecef', cursor: '#e9ecef' }
const light = {
  background: '#ffffff',
  foreground: '#212529',
  cursor: '#212529',
  selectionBackground: '#a5d8ff',
}

/**
 * A terminal on a pipe (xterm.js): bytes from main are written as they come, keys go back as
 * UTF-8, the size follows the box (sent as a `resize` control). Reusable for any terminal-like
 * kind: the serial console, `docker exec`, `lxc attach`.
 */
export function TerminalView({ open, label, connectedText, height = 420 }: TerminalViewProps): JSX.Element {
  const box = useRef<HTMLDivElement>(null)
  const [status, setStatus] = useState<Status>({ kind: 'connecting' })
  const [attempt, setAttempt] = useState(0)
  const scheme = useComputedColorScheme('light')
  const terminal = useRef<Terminal | undefined>(undefined)
  const initialScheme = useRef(scheme)
  const describeRef = useRef(connectedText)
  useEffect(() => {
    describeRef.current = connectedText
  })

  useEffect(() => {
    const element = box.current
    if (element === null) return
    const term = new Terminal({
      convertEol: false,
      cursorBlink: true,
      fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
      fontSize: 14,
      scrollback: 5000,
      screenReaderMode: false,
      theme: initialScheme.current === 'dark' ? dark : light,
    })
    terminal.current = term
    const fit = new FitAddon()
    term.loadAddon(fit)
    term.open(element)
    term.textarea?.setAttribute('aria-label', label)
    const pipe = open()
    const encoder = new TextEncoder()
    let alive = true
    pipe.ready.then(
      (info) => {
        if (!alive) return
        setStatus({ kind: 'open', text: describeRef.current(info) })
        term.focus()
      },
      () => undefined,
    )
    const offMessage = pipe.onMessage((data) => term.write(data))
    const offClose = pipe.onClose((error) => {
      if (alive) setStatus(error === undefined ? { kind: 'ended' } : { kind: 'ended', error })
    })
    const input = term.onData((data) => pipe.send(encoder.encode(data)))
    const binary = term.onBinary((data) => pipe.send(Uint8Array.from(data, (c) => c.charCodeAt(0) & 0xff)))
    const resize = term.onResize(({ cols, rows }) => pipe.control({ type: 'resize', cols, rows }))
    const observer = new ResizeObserver(() => {
      if (element.clientWidth > 0) fit.fit()
    })
    observer.observe(element)
    fit.fit()
    return () => {
      alive = false
      observer.disconnect()
      input.dispose()
      binary.dispose()
      resize.dispose()
      offMessage()
      offClose()
      pipe.close()
      terminal.current = undefined
      term.dispose()
    }
  }, [attempt, label, open])

  // A new colour scheme repaints the terminal; it does not reconnect.
  useEffect(() => {
    initialScheme.current = scheme
    if (terminal.current !== undefined) terminal.current.options.theme = scheme === 'dark' ? dark : light
  }, [scheme])

  return (
    <Stack gap="xs">
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm" c="dimmed" role="status" aria-live="polite">
          {status.kind === 'connecting' && 'Connecting…'}
          {status.kind === 'open' && status.text}
          {status.kind === 'ended' && status.error === undefined && 'The console ended.'}
        </Text>
        {status.kind === 'ended' && (
          <Button
            size="xs"
            variant="default"
            onClick={() => {
              setStatus({ kind: 'connecting' })
              setAttempt((n) => n + 1)
            }}
          >
            Reconnect
          </Button>
        )}
      </Group>
      {status.kind === 'ended' && status.error !== undefined && (
        <Alert color="red" title={status.error.message}>
          <ErrorDetails error={status.error} />
        </Alert>
      )}
      <Box
        ref={box}
        data-testid="terminal"
        h={height}
        p={4}
        style={{ borderRadius: 4, background: scheme === 'dark' ? dark.background : light.background }}
      />
    </Stack>
  )
}
