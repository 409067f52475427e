import RFB from '@novnc/novnc'
import { useEffect, useRef, useState } from 'react'
import type { AppError } from '@shared/errors.js'
import { openPipe } from '../api/pipes'
import { PipeChannel } from './pipeChannel'

export type VncStatus =
  | { kind: 'stopped' }
  | { kind: 'connecting' }
  | { kind: 'connected'; endpoint: string; where: string }
  | { kind: 'password'; retry: boolean }
  | { kind: 'reconnecting'; reason: string }
  | { kind: 'failed'; error: AppError }

export interface VncSession {
  status: VncStatus
  rfb: RFB | undefined
  guestClipboard: string
  sendPassword(password: string): void
  reconnect(): void
}

/** How long to wait before trying again after the display went away while the VM runs. */
const RETRY_MS = 2000

/**
 * One VNC session on a pipe, for as long as the VM runs: connects when it starts, and again when
 * the display goes away while it still runs (a reset, a restart of QEMU). A refusal that waiting
 * cannot fix (no display, SPICE only, a wrong password) stops and says why.
 */
export function useVncSession(
  screen: React.RefObject<HTMLDivElement | null>,
  vm: { hostId: string; uuid: string; name: string },
  running: boolean,
  scale: boolean,
): VncSession {
  const [status, setStatus] = useState<VncStatus>(running ? { kind: 'connecting' } : { kind: 'stopped' })
  const [rfb, setRfb] = useState<RFB>()
  const [guestClipboard, setGuestClipboard] = useState('')
  const [attempt, setAttempt] = useState(0)
  // Held only in memory for this session's reconnects; never logged, never sent to main.
  const password = useRef<string | undefined>(undefined)
  const waitingForPassword = useRef(false)
  const scaleRef = useRef(scale)
  const rfbRef = useRef<RFB | undefined>(undefined)
  const { hostId, uuid, name } = vm

  useEffect(() => {
    const target = screen.current
    if (!running || target === null) return
    let disposed = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const pipe = openPipe('vm.vnc', { hostId, uuid, name })
    const channel = new PipeChannel(pipe)
    const session = new RFB(target, channel, { shared: true })
    session.scaleViewport = scaleRef.current
    session.background = 'rgb(24, 24, 27)'
    session.focusOnClick = true
    let passwordTried = false
    waitingForPassword.current = false
    session.addEventListener('connect', () => {
      pipe.ready.then(
        (info) => !disposed && setStatus({ kind: 'connected', endpoint: info.endpoint, where: info.where }),
        () => undefined,
      )
    })
    session.addEventListener('credentialsrequired', () => {
      if (disposed) return
      if (password.current !== undefined) return session.sendCredentials({ password: password.current })
      waitingForPassword.current = true
      setStatus({ kind: 'password', retry: false })
    })
    session.addEventListener('clipboard', (event) => {
      const text = (event as CustomEvent<{ text?: unknown }>).detail.text
      if (typeof text === 'string') setGuestClipboard(text)
    })
    session.addEventListener('securityfailure', () => {
      passwordTried = password.current !== undefined
      password.current = undefined
    })
    session.addEventListener('disconnect', () => {
      if (disposed) return
      const error = channel.error
      if (error !== undefined && (error.code === 'UNSUPPORTED' || error.code === 'INVALID_INPUT'))
        return setStatus({ kind: 'failed', error })
      if (passwordTried) return setStatus({ kind: 'password', retry: true })
      setStatus({ kind: 'reconnecting', reason: error?.message ?? 'The display closed.' })
      timer = setTimeout(() => {
        setStatus({ kind: 'connecting' })
        setAttempt((n) => n + 1)
      }, RETRY_MS)
    })
    rfbRef.current = session
    setRfb(session)
    return () => {
      disposed = true
      clearTimeout(timer)
      session.disconnect()
      rfbRef.current = undefined
      setRfb(undefined)
      // Shown again when the VM runs (a restart reconnects through here).
      setStatus({ kind: 'connecting' })
    }
  }, [screen, hostId, uuid, name, running, attempt])

  useEffect(() => {
    scaleRef.current = scale
    if (rfbRef.current !== undefined) rfbRef.current.scaleViewport = scale
  }, [rfb, scale])

  return {
    status: running ? status : { kind: 'stopped' },
    rfb,
    guestClipboard,
    sendPassword: (value) => {
      password.current = value
      setStatus({ kind: 'connecting' })
      if (waitingForPassword.current && rfbRef.current !== undefined) {
        waitingForPassword.current = false
        rfbRef.current.sendCredentials({ password: value })
      } else setAttempt((n) => n + 1)
    },
    reconnect: () => {
      setStatus({ kind: 'connecting' })
      setAttempt((n) => n + 1)
    },
  }
}
