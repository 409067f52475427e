import { connect, type Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import type { Client, ClientChannel } from 'ssh2'
import { AppError } from '@shared/errors.js'
import type { ChannelOptions } from './host.js'

/** How long opening a channel may take by default. */
export const CHANNEL_TIMEOUT_MS = 15_000

/** What a channel goes to, for messages: `/var/run/docker.sock` or `127.0.0.1:5900`. */
export type ChannelTarget = { kind: 'socket'; path: string } | { kind: 'tcp'; host: string; port: number }

export function describeTarget(target: ChannelTarget): string {
  return target.kind === 'socket' ? target.path : `${target.host}:${target.port}`
}

/** Refuses what cannot be a socket path or a TCP destination before anything is opened. */
export function checkTarget(target: ChannelTarget): void {
  if (target.kind === 'socket') {
    if (!target.path.startsWith('/') || target.path.includes('\0') || target.path.length > 107)
      throw new AppError('INVALID_INPUT', `Not a UNIX socket path: ${JSON.stringify(target.path)}`, {
        detail: 'Give an absolute path of at most 107 bytes, e.g. /var/run/docker.sock.',
      })
    return
  }
  if (!Number.isInteger(target.port) || target.port < 1 || target.port > 65535)
    throw new AppError('INVALID_INPUT', `Not a TCP port: ${target.port}`)
  if (target.host.length === 0 || target.host.length > 255 || /[\s\0]/.test(target.host))
    throw new AppError('INVALID_INPUT', `Not a host name or address: ${JSON.stringify(target.host)}`)
}

/** Maps an errno from node:net or a refusal reason from sshd to the app's error, with what to do. */
export function channelError(target: ChannelTarget, where: string, error: unknown): AppError {
  if (error instanceof AppError) return error
  const text = error instanceof Error ? error.message : String(error)
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined
  const what = describeTarget(target)
  if (code === 'ENOENT')
    return new AppError('NOT_FOUND', `${what} does not exist on ${where}`, {
      detail: 'The service that should listen there is not running (or not installed).',
      cause: error,
    })
  if (code === 'EACCES' || code === 'EPERM')
    return new AppError('PERMISSION_DENIED', `No permission to open ${what} on ${where}`, {
      detail: text,
      cause: error,
    })
  if (code === 'ECONNREFUSED')
    return new AppError('NOT_FOUND', `Nothing listens on ${what} on ${where}`, {
      detail: 'The service that should listen there is not running.',
      cause: error,
    })
  // sshd refuses a forward with "open failed" (reason 1: administratively prohibited, 2: connect failed).
  const reason = typeof error === 'object' && error !== null && 'reason' in error ? error.reason : undefined
  if (reason === 1)
    return new AppError(
      'PERMISSION_DENIED',
      `The SSH server of ${where} does not allow forwarding to ${what}`,
      {
        detail: `${text}. Allow it in sshd_config (AllowStreamLocalForwarding / AllowTcpForwarding yes).`,
        cause: error,
      },
    )
  if (reason !== undefined)
    return new AppError('NOT_FOUND', `${where} could not connect to ${what}`, {
      detail: `${text}. The socket or port may not exist, the service may not run, or the SSH user may lack permission to open it.`,
      cause: error,
    })
  return new AppError('HOST_UNREACHABLE', `Could not open ${what} on ${where}: ${text}`, { cause: error })
}

/** Runs `open` with a timeout and cancellation; a stream that arrives too late is destroyed. */
export function withDeadline<T extends Duplex>(
  target: ChannelTarget,
  where: string,
  options: ChannelOptions,
  open: (done: (error: unknown, stream?: T) => void) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    checkTarget(target)
    let settled = false
    const finish = (error: unknown, stream?: T): void => {
      if (settled) {
        stream?.destroy()
        return
      }
      settled = true
      clearTimeout(timer)
      options.signal?.removeEventListener('abort', onAbort)
      if (stream !== undefined && error === undefined) resolve(stream)
      else reject(channelError(target, where, error))
    }
    const onAbort = (): void =>
      finish(new AppError('CANCELLED', `Opening ${describeTarget(target)} on ${where} was cancelled`))
    const timeoutMs = options.timeoutMs ?? CHANNEL_TIMEOUT_MS
    const timer = setTimeout(
      () =>
        finish(
          new AppError(
            'TIMEOUT',
            `Opening ${describeTarget(target)} on ${where} took longer than ${timeoutMs} ms`,
          ),
        ),
      timeoutMs,
    )
    if (options.signal?.aborted === true) {
      onAbort()
      return
    }
    options.signal?.addEventListener('abort', onAbort, { once: true })
    open(finish)
  })
}

/** A local UNIX socket or TCP connection through node:net. */
export function openLocal(target: ChannelTarget, where: string, options: ChannelOptions): Promise<Socket> {
  return withDeadline<Socket>(target, where, options, (done) => {
    const socket =
      target.kind === 'socket'
        ? connect({ path: target.path })
        : connect({ host: target.host, port: target.port })
    const onError = (error: Error): void => done(error)
    socket.once('error', onError)
    socket.once('connect', () => {
      socket.off('error', onError)
      done(undefined, socket)
    })
  })
}

/** A channel on an ssh2 client: direct-streamlocal (OpenSSH extension) or direct-tcpip. */
export function openForward(
  client: Client,
  target: ChannelTarget,
  where: string,
  options: ChannelOptions,
): Promise<ClientChannel> {
  return withDeadline<ClientChannel>(target, where, options, (done) => {
    const callback = (error: Error | undefined, channel: ClientChannel): void =>
      error === undefined || error === null ? done(undefined, channel) : done(error)
    if (target.kind === 'socket') client.openssh_forwardOutStreamLocal(target.path, callback)
    else client.forwardOut('127.0.0.1', 0, target.host, target.port, callback)
  })
}
