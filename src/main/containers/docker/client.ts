import { Agent, type ClientRequestArgs } from 'node:http'
import type { Duplex } from 'node:stream'
import Docker from 'dockerode'
import { AppError } from '@shared/errors.js'
import type { Host } from '../../host/host.js'

export const DOCKER_SOCKET = '/var/run/docker.sock'

/**
 * An http.Agent whose connections are the host's channels to the Docker socket: over SSH each
 * request is one stream-local forward on the host's existing ssh2 connection — no new login.
 */
export class HostSocketAgent extends Agent {
  constructor(
    private readonly host: Host,
    private readonly socketPath: string,
  ) {
    super({ keepAlive: false })
  }

  override createConnection(
    _options: ClientRequestArgs,
    callback?: (error: Error | null, stream: Duplex) => void,
  ): undefined {
    this.host.openSocket(this.socketPath).then(
      (stream) => callback?.(null, stream),
      (error: unknown) =>
        callback?.(error instanceof Error ? error : new Error(String(error)), undefined as never),
    )
    return undefined
  }
}

/** A dockerode client for the host: the socket directly on this computer, the SSH channel agent remotely. */
export function dockerFor(host: Host, socketPath: string = DOCKER_SOCKET): Docker {
  if (host.kind === 'local') return new Docker({ socketPath })
  // docker-modem hands `agent` to http.request; @types/dockerode does not list it.
  const options: Docker.DockerOptions & { agent: Agent } = {
    protocol: 'http',
    host: 'docker',
    port: 80,
    agent: new HostSocketAgent(host, socketPath),
  }
  return new Docker(options)
}

interface ModemError {
  statusCode?: number
  reason?: string
  json?: { message?: string } | null
  message?: string
  code?: string
}

function asModemError(error: unknown): ModemError {
  return typeof error === 'object' && error !== null ? (error as ModemError) : { message: String(error) }
}

/** Docker's own message from an API error ("No such container: x"), else the error's. */
export function dockerMessage(error: unknown): string {
  const e = asModemError(error)
  const text = e.json?.message ?? e.message ?? String(error)
  return text.replace(/^\(HTTP code \d+\) [^-]*- /, '').trim()
}

/** True for Docker's 304 "already started/stopped/paused": the wanted state is already there. */
export function isNotModified(error: unknown): boolean {
  return asModemError(error).statusCode === 304
}

/** An API error as the app's error, saying what was attempted. */
export function dockerError(error: unknown, what: string): AppError {
  if (error instanceof AppError) return error
  const e = asModemError(error)
  const message = dockerMessage(error)
  switch (e.statusCode) {
    case 400:
      return new AppError('INVALID_INPUT', `Docker refused to ${what}: ${message}`, { cause: error })
    case 404:
      return new AppError('NOT_FOUND', `Docker could not ${what}: ${message}`, { cause: error })
    case 409:
      return new AppError('CONFLICT', `Docker could not ${what}: ${message}`, { cause: error })
    default:
      break
  }
  if (e.code === 'EACCES')
    return new AppError('PERMISSION_DENIED', `No permission to use the Docker socket to ${what}`, {
      cause: error,
    })
  if (e.code === 'ENOENT' || e.code === 'ECONNREFUSED')
    return new AppError('NOT_FOUND', `Docker is not running, so it could not ${what}`, {
      detail: 'Start the Docker daemon (systemctl start docker) and try again.',
      cause: error,
    })
  return new AppError('COMMAND_FAILED', `Docker could not ${what}: ${message}`, { cause: error })
}
