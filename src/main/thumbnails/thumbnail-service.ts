import { AppError } from '@shared/errors.js'
import type { VmThumbnail } from '@shared/thumbnails.js'
import type { Host } from '../host/host.js'
import { Semaphore } from '../host/semaphore.js'
import type { LibvirtConnection } from '../libvirt/libvirt-connection.js'
import { VirshExecTransport } from '../libvirt/virsh-exec.js'
import { decodeScreenshot, encodePng, shrink } from './image.js'

/** One screenshot may take this long (a hung QEMU monitor); then TIMEOUT. */
const SHOT_TIMEOUT_MS = 30_000
/** How long a request waits for its turn in the host's thumbnail lane before TIMEOUT. */
const LANE_WAIT_MS = 60_000

export interface ThumbnailServiceOptions {
  connection(
    hostId: string,
  ): Promise<Pick<LibvirtConnection, 'read' | 'host' | 'uri' | 'where' | 'isTestDriver'>>
  host(hostId: string): Promise<Pick<Host, 'exec' | 'readFile'>>
  /** A thumbnail younger than this is served again (several windows, quick re-renders). Default 5 s. */
  maxAgeMs?: number
  now?: () => number
}

interface Entry {
  at: number
  maxWidth: number
  value: Promise<VmThumbnail>
}

/** Why libvirt could not take the picture, in words; undefined when it is not one of the known cases. */
function noScreen(error: unknown): VmThumbnail | undefined {
  const detail = error instanceof AppError ? `${error.message} ${error.detail ?? ''}` : String(error)
  if (/no graphics|has no graphic|no console|QXL|not a graphic|no display/i.test(detail))
    return { kind: 'none', reason: 'no-graphics', message: 'This VM has no display to take a picture of.' }
  if (/not running|domain is not running/i.test(detail))
    return { kind: 'none', reason: 'not-running', message: 'The VM is not running.' }
  return undefined
}

/**
 * Small pictures of running VMs' screens: `virsh screenshot` on the VM's host (over SSH: the file is
 * written there, in a private temporary folder made by `mktemp -d`, read back, and the folder
 * removed), decoded and shrunk here, cached per VM for a few seconds.
 *
 * Thumbnails have their own lane: each picture is a one-shot `virsh` process (argument array), never
 * the host's shared interactive virsh session, so they never queue before the user's own actions;
 * and one picture at a time per host, so a list full of VMs does not crowd libvirtd or the SSH
 * channels. (The test driver keeps its domains per process: there the session takes the picture.)
 */
export class ThumbnailService {
  private readonly cache = new Map<string, Entry>()
  private readonly lanes = new Map<string, Semaphore>()
  private readonly maxAgeMs: number
  private readonly now: () => number

  constructor(private readonly options: ThumbnailServiceOptions) {
    this.maxAgeMs = options.maxAgeMs ?? 5000
    this.now = options.now ?? Date.now
  }

  get(hostId: string, uuid: string, maxWidth: number): Promise<VmThumbnail> {
    const key = `${hostId}\u0000${uuid}`
    const cached = this.cache.get(key)
    if (cached !== undefined && cached.maxWidth === maxWidth && this.now() - cached.at < this.maxAgeMs)
      return cached.value
    const value = this.take(hostId, uuid, maxWidth)
    this.cache.set(key, { at: this.now(), maxWidth, value })
    value.catch(() => this.cache.delete(key))
    return value
  }

  /** Forget a host's pictures (its connection closed). */
  forget(hostId: string): void {
    for (const key of this.cache.keys()) if (key.startsWith(`${hostId}\u0000`)) this.cache.delete(key)
  }

  private lane(hostId: string): Semaphore {
    let lane = this.lanes.get(hostId)
    if (lane === undefined) {
      lane = new Semaphore(1)
      this.lanes.set(hostId, lane)
    }
    return lane
  }

  private async take(hostId: string, uuid: string, maxWidth: number): Promise<VmThumbnail> {
    const conn = await this.options.connection(hostId)
    const release = await this.lane(hostId).acquire({
      deadline: Date.now() + LANE_WAIT_MS,
      what: 'A screenshot thumbnail',
    })
    try {
      return await this.capture(conn, hostId, uuid, maxWidth)
    } finally {
      release()
    }
  }

  private async capture(
    conn: Pick<LibvirtConnection, 'read' | 'host' | 'uri' | 'where' | 'isTestDriver'>,
    hostId: string,
    uuid: string,
    maxWidth: number,
  ): Promise<VmThumbnail> {
    // Outside the session: its own virsh process (a shut-off VM answers "not running", said below).
    const virsh = conn.isTestDriver
      ? (args: readonly string[]): Promise<string> => conn.read(args)
      : (args: readonly string[]): Promise<string> =>
          new VirshExecTransport(conn.host, conn.uri, { where: conn.where }).run(args, {
            timeoutMs: SHOT_TIMEOUT_MS,
          })
    const host = await this.options.host(hostId)
    const made = await host.exec('mktemp', ['-d', '-t', 'virtdeck-screen.XXXXXXXX'])
    const dir = made.stdout.trim()
    if (made.code !== 0 || !dir.startsWith('/'))
      throw new AppError('COMMAND_FAILED', 'Could not make a temporary folder for the screenshot.', {
        detail: made.stderr.trim(),
      })
    try {
      const file = `${dir}/screen`
      try {
        await virsh(['screenshot', '--domain', uuid, '--file', file])
      } catch (error) {
        const known = noScreen(error)
        if (known !== undefined) return known
        throw error
      }
      let image
      try {
        image = shrink(decodeScreenshot(await host.readFile(file)), maxWidth)
      } catch (error) {
        // A picture format the small decoder does not read (e.g. a palette PNG): no thumbnail, said once.
        return {
          kind: 'none',
          reason: 'failed',
          message: `No picture: ${error instanceof Error ? error.message : String(error)}.`,
        }
      }
      const png = encodePng(image)
      return {
        kind: 'image',
        dataUrl: `data:image/png;base64,${png.toString('base64')}`,
        width: image.width,
        height: image.height,
        at: this.now(),
      }
    } finally {
      await host.exec('rm', ['-rf', '--', dir]).catch(() => undefined)
    }
  }
}
