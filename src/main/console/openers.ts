import type { Duplex } from 'node:stream'
import { AppError } from '@shared/errors.js'
import type { LibvirtConnection } from '../libvirt/libvirt-connection.js'
import type { PipeConnection, PipeRegistry } from '../pipes/registry.js'
import { describeEndpoint, readConsoleGraphics } from './graphics.js'
import type { ConsoleGraphics } from './graphics.js'
import { openSerialConsole } from './serial.js'

export interface ConsoleOpenersOptions {
  connection(hostId: string): Promise<LibvirtConnection>
}

/**
 * The live XML, with the console password when libvirt lets us read it (only to say that one is
 * set: the value is dropped here). A connection without that right reads the plain XML.
 */
export async function liveGraphics(conn: LibvirtConnection, uuid: string): Promise<ConsoleGraphics> {
  return readConsoleGraphics(await liveXml(conn, uuid))
}

/** The live XML with `--security-info` when allowed (main only: it may hold console passwords). */
export async function liveXml(conn: LibvirtConnection, uuid: string): Promise<string> {
  try {
    return await conn.read(['dumpxml', '--domain', uuid, '--security-info'])
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'PERMISSION_DENIED') throw error
    return conn.read(['dumpxml', '--domain', uuid])
  }
}

/** Why there is no VNC display to open, in the user's words; `data.graphics` lets the page choose its message. */
export function noVncError(graphics: ConsoleGraphics, label: string): AppError {
  if (graphics.spice !== undefined)
    return new AppError('UNSUPPORTED', `${label} shows its screen over SPICE only`, {
      detail: 'Open it in remote-viewer (virt-viewer), or add a VNC display to the VM to see it here.',
      data: { graphics: 'spice' },
    })
  return new AppError('UNSUPPORTED', `${label} has no graphical display`, {
    detail:
      graphics.types.length > 0
        ? `Its display (${graphics.types.join(', ')}) cannot be shown here. Use the serial console, or add a VNC display.`
        : 'Use the serial console, or add a VNC display (<graphics type="vnc"/>) to the VM.',
    data: { graphics: 'none' },
  })
}

/** Registers `vm.serial` and `vm.vnc`. */
export function registerConsolePipes(pipes: PipeRegistry, options: ConsoleOpenersOptions): void {
  pipes.register('vm.serial', async (args, signal) => {
    const conn = await options.connection(args.hostId)
    const serial = await openSerialConsole(conn.host, {
      uri: conn.uri,
      domain: args.uuid,
      where: conn.where,
      signal,
    })
    const connection: PipeConnection<'vm.serial'> = {
      stream: serial.stream,
      info: { where: conn.where },
      // A serial line carries no window size: the guest learns it from `stty` or `resize`.
      control: () => undefined,
      close: () => serial.close(),
    }
    return connection
  })

  pipes.register('vm.vnc', async (args, signal) => {
    const conn = await options.connection(args.hostId)
    const label = `The VM ${args.name ?? args.uuid}`
    const graphics = await liveGraphics(conn, args.uuid)
    if (graphics.vnc === undefined) throw noVncError(graphics, label)
    const endpoint = graphics.vnc.endpoint
    if (endpoint === undefined)
      throw new AppError('CONFLICT', `${label} is not running on ${conn.where}`, {
        detail: 'Its screen can be shown once it runs: start it.',
      })
    let stream: Duplex
    try {
      stream =
        endpoint.kind === 'socket'
          ? await conn.host.openSocket(endpoint.path, { signal })
          : await conn.host.openTcp(endpoint.host, endpoint.port, { signal })
    } catch (error) {
      throw new AppError(
        'HOST_UNREACHABLE',
        `Could not reach the screen of ${args.name ?? args.uuid} at ${describeEndpoint(endpoint)} on ${conn.where}`,
        {
          detail: `${error instanceof Error ? error.message : String(error)}\nThe VM may have just stopped; VirtDeck tries again when it runs.`,
          cause: error,
        },
      )
    }
    stream.setMaxListeners?.(20)
    const connection: PipeConnection<'vm.vnc'> = {
      stream,
      info: {
        where: conn.where,
        passwordSet: graphics.vnc.passwordSet,
        endpoint: describeEndpoint(endpoint),
      },
      close: () => stream.destroy(),
    }
    return connection
  })
}
