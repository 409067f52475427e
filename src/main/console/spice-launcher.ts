import { spawn } from 'node:child_process'
import { constants } from 'node:fs'
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import type { AddressInfo, Server } from 'node:net'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { AppError } from '@shared/errors.js'
import type { SpiceLaunch } from '@shared/console.js'
import type { LibvirtConnection } from '../libvirt/libvirt-connection.js'
import { readConsoleGraphics, spicePassword } from './graphics.js'
import { liveXml } from './openers.js'
import { spiceViewerFile } from './spice-file.js'

export interface SpiceLauncherOptions {
  connection(hostId: string): Promise<LibvirtConnection>
  /** Where remote-viewer is; default: searched on PATH. */
  findViewer?: () => Promise<string | undefined>
  /** Called with the viewer's exit (tests wait on it). */
  onViewerExit?: (code: number | null) => void
}

export const VIEWER_INSTALL_HINT =
  'Install virt-viewer on this computer: `sudo apt install virt-viewer` (Debian, Ubuntu) or `sudo dnf install virt-viewer` (Fedora), then try again.'

export async function findOnPath(name: string): Promise<string | undefined> {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name)
    try {
      await access(candidate, constants.X_OK)
      return candidate
    } catch {
      // Not here.
    }
  }
  return undefined
}

/** A listener on 127.0.0.1 (ephemeral port) whose connections ride channels of the host's SSH connection. */
async function tunnel(conn: LibvirtConnection, host: string, port: number): Promise<Server> {
  const server = createServer((socket) => {
    socket.pause()
    conn.host.openTcp(host, port).then(
      (channel) => {
        socket.pipe(channel).pipe(socket)
        socket.resume()
        const end = (): void => {
          socket.destroy()
          channel.destroy()
        }
        socket.on('error', end).on('close', end)
        channel.on('error', end).on('close', end)
      },
      () => socket.destroy(),
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  return server
}

/**
 * Opens a VM's SPICE display in remote-viewer on this computer: a `.vv` file (0600, in a 0700
 * folder, deleted when the viewer ends — remote-viewer itself deletes it once read) and, for an SSH
 * host, a tunnel on 127.0.0.1 through the host's own SSH connection that lives while the viewer runs.
 * The viewer is started with an argument array, never through a shell.
 */
export class SpiceLauncher {
  constructor(private readonly options: SpiceLauncherOptions) {}

  async open(vm: { hostId: string; uuid: string; name?: string | undefined }): Promise<SpiceLaunch> {
    const viewer = await (this.options.findViewer ?? (() => findOnPath('remote-viewer')))()
    if (viewer === undefined)
      throw new AppError('COMMAND_NOT_FOUND', 'remote-viewer is not installed on this computer', {
        detail: VIEWER_INSTALL_HINT,
      })
    const conn = await this.options.connection(vm.hostId)
    const label = vm.name ?? vm.uuid
    const xml = await liveXml(conn, vm.uuid)
    const spice = readConsoleGraphics(xml).spice
    if (spice === undefined)
      throw new AppError('UNSUPPORTED', `The VM ${label} has no SPICE display`, {
        detail: 'Its screen, if it has one, is shown in the Console tab.',
      })
    if (spice.port === undefined)
      throw new AppError('CONFLICT', `The VM ${label} is not running on ${conn.where}`, {
        detail:
          spice.tlsPort === undefined
            ? 'Start it, then open its display.'
            : 'Its SPICE display only listens with TLS, which VirtDeck does not set up for remote-viewer yet.',
      })
    const server = conn.host.kind === 'ssh' ? await tunnel(conn, spice.host, spice.port) : undefined
    const target =
      server === undefined
        ? { host: spice.host, port: spice.port }
        : { host: '127.0.0.1', port: (server.address() as AddressInfo).port }
    const dir = await mkdtemp(join(tmpdir(), 'virtdeck-spice-'))
    const file = join(dir, 'console.vv')
    const cleanup = (): void => {
      server?.close()
      void rm(dir, { recursive: true, force: true })
    }
    try {
      await writeFile(
        file,
        spiceViewerFile({ ...target, title: `${label} — VirtDeck`, password: spicePassword(xml) }),
        { mode: 0o600 },
      )
      const child = spawn(viewer, [file], { stdio: 'ignore', detached: false })
      await new Promise<void>((resolve, reject) => {
        child.once('spawn', resolve)
        child.once('error', reject)
      })
      child.once('exit', (code) => {
        cleanup()
        this.options.onViewerExit?.(code)
      })
    } catch (error) {
      cleanup()
      throw new AppError('COMMAND_FAILED', `Could not start remote-viewer for ${label}`, {
        detail: error instanceof Error ? error.message : String(error),
      })
    }
    return {
      viewer,
      connectTo: `${target.host}:${target.port}`,
      tunnelled: server !== undefined,
    }
  }
}
