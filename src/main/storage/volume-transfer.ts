import { createReadStream, createWriteStream } from 'node:fs'
import { open, stat, unlink } from 'node:fs/promises'
import { Transform } from 'node:stream'
import type { Readable, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { AppError } from '@shared/errors.js'
import type { TransferResult } from '@shared/volume-admin.js'
import type { WorkProgress } from '@shared/vms.js'
import type { HostProcess } from '../host/host.js'
import type { LibvirtConnection } from '../libvirt/libvirt-connection.js'
import { StorageService, volumeXml } from '../libvirt/storage.js'
import { virshEnv } from '../libvirt/transport.js'
import { parseKeyValues } from '../libvirt/virsh-parse.js'

export interface TransferOptions {
  signal?: AbortSignal
  onProgress?: (progress: WorkProgress) => void
}

/*
 * virsh reads and writes the volume's bytes through a file name; /dev/stdin and /dev/stdout cannot be
 * opened when they are sockets (a local child's pipes), so `cat` stands between. The script is fixed
 * text: the URI, pool and volume reach it as positional parameters, never as shell words.
 */
const UPLOAD_SH = 'cat | exec virsh -q -c "$1" vol-upload --pool "$2" --vol "$3" --file /dev/stdin'
const DOWNLOAD_SH =
  'exec 4>&1; s=$( { { virsh -q -c "$1" vol-download --pool "$2" --vol "$3" --file /dev/stdout; echo $? >&3; } | cat >&4; } 3>&1 ); exit "$s"'

/**
 * Copies volumes between this computer's files and the host's pools, streamed through the host's
 * own process channel (locally a child process, remotely an exec channel on the existing SSH
 * connection: no second login), with progress and cancel.
 */
export class VolumeTransfer {
  private readonly storage: StorageService

  constructor(private readonly conn: LibvirtConnection) {
    this.storage = new StorageService(conn)
  }

  /** Creates `name` in `pool` with the file's size (qcow2 when the file is one) and uploads the file into it. */
  async upload(
    pool: string,
    name: string,
    localPath: string,
    options: TransferOptions = {},
  ): Promise<TransferResult> {
    this.assertRealLibvirt()
    const size = await localSize(localPath)
    const head = Buffer.alloc(32)
    const fh = await open(localPath, 'r')
    try {
      await fh.read(head, 0, 32, 0)
    } finally {
      await fh.close()
    }
    const qcow2 = head.subarray(0, 4).equals(Buffer.from([0x51, 0x46, 0x49, 0xfb]))
    const capacity = qcow2 ? Number(head.readBigUInt64BE(24)) : Math.max(size, 1)
    if ((await this.storage.listVolumes(pool)).some((v) => v.name === name))
      throw new AppError('CONFLICT', `Pool “${pool}” already has a volume named “${name}”`, {
        detail: 'Choose another name, or delete that volume first.',
      })
    return this.conn.audited(
      'volume.upload',
      `${pool}/${name}`,
      async () => {
        await this.conn.withTempFile(volumeXml(name, capacity, 0, qcow2 ? 'qcow2' : 'raw'), (path) =>
          this.conn.run(['vol-create', '--pool', pool, '--file', path]),
        )
        try {
          const proc = await this.spawn(UPLOAD_SH, pool, name, options.signal)
          const counted = counter(size, 'Uploading', options.onProgress)
          const sent = pipeline(createReadStream(localPath), counted.stream, proc.stdin as Writable)
          await this.finish(proc, sent, `upload “${localPath}” into “${pool}/${name}”`, options.signal)
          return { bytes: counted.bytes(), localPath }
        } catch (error) {
          await this.conn.run(['vol-delete', '--pool', pool, '--vol', name]).catch(() => undefined)
          throw error
        }
      },
      `${size} bytes from ${localPath}`,
    )
  }

  /** Writes the volume's bytes (its file as stored: a qcow2 stays qcow2) to a local file. */
  async download(
    pool: string,
    name: string,
    localPath: string,
    overwrite: boolean,
    options: TransferOptions = {},
  ): Promise<TransferResult> {
    this.assertRealLibvirt()
    const info = parseKeyValues(
      await this.conn
        .read(['vol-info', '--bytes', '--physical', '--pool', pool, '--vol', name])
        .catch((error: unknown) => {
          throw error instanceof AppError && error.code === 'NOT_FOUND'
            ? new AppError(
                'NOT_FOUND',
                `There is no volume “${name}” in pool “${pool}” on ${this.conn.where}`,
              )
            : error
        }),
    )
    const total = Number(info.get('Physical') ?? info.get('Allocation') ?? info.get('Capacity') ?? '0')
    let out: Writable
    try {
      out = await openOutput(localPath, overwrite)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      throw code === 'EEXIST'
        ? new AppError('CONFLICT', `${localPath} exists already`, {
            detail: 'Choose another file, or allow replacing it.',
          })
        : new AppError('COMMAND_FAILED', `Cannot write ${localPath}: ${code ?? String(error)}`)
    }
    return this.conn.audited(
      'volume.download',
      `${pool}/${name}`,
      async () => {
        try {
          const proc = await this.spawn(DOWNLOAD_SH, pool, name, options.signal)
          proc.stdin.end()
          const counted = counter(total, 'Downloading', options.onProgress)
          const received = pipeline(proc.stdout as Readable, counted.stream, out)
          await this.finish(proc, received, `download “${pool}/${name}” to “${localPath}”`, options.signal)
          return { bytes: counted.bytes(), localPath }
        } catch (error) {
          out.destroy()
          await unlink(localPath).catch(() => undefined)
          throw error
        }
      },
      `to ${localPath}`,
    )
  }

  private assertRealLibvirt(): void {
    if (this.conn.isTestDriver)
      throw new AppError(
        'UNSUPPORTED',
        'The libvirt test driver keeps its volumes inside one virsh process: upload and download need a real libvirt',
      )
  }

  private spawn(
    script: string,
    pool: string,
    name: string,
    signal: AbortSignal | undefined,
  ): Promise<HostProcess> {
    return this.conn.host.spawn('sh', ['-c', script, 'sh', this.conn.uri, pool, name], {
      env: virshEnv(this.conn.uri),
      ...(signal === undefined ? {} : { signal }),
    })
  }

  private async finish(
    proc: HostProcess,
    streaming: Promise<void>,
    what: string,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    let stderr = ''
    proc.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 8192) stderr += chunk.toString('utf8')
    })
    const [streamed, exited] = await Promise.all([
      streaming.then(
        () => undefined,
        (error: unknown) => error,
      ),
      proc.exited,
    ])
    if (signal?.aborted === true)
      throw new AppError('CANCELLED', `The ${what.split(' ')[0] ?? 'transfer'} was cancelled`)
    if (exited.code !== 0) {
      const reason = stderr
        .replace(/^error: /gm, '')
        .trim()
        .split('\n')
        .filter(Boolean)
        .join(' ')
      throw new AppError(
        'COMMAND_FAILED',
        `Could not ${what} on ${this.conn.where}: ${reason || `virsh exited with ${String(exited.code ?? exited.signal)}`}`,
      )
    }
    if (streamed !== undefined)
      throw new AppError(
        'COMMAND_FAILED',
        `Could not ${what}: ${streamed instanceof Error ? streamed.message : String(streamed)}`,
      )
  }
}

async function localSize(path: string): Promise<number> {
  try {
    const s = await stat(path)
    if (!s.isFile()) throw new AppError('INVALID_INPUT', `${path} is not a regular file`)
    return s.size
  } catch (error) {
    if (error instanceof AppError) throw error
    const code = (error as NodeJS.ErrnoException).code
    throw new AppError(
      code === 'ENOENT' ? 'NOT_FOUND' : 'COMMAND_FAILED',
      `Cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : (code ?? String(error))}`,
    )
  }
}

function openOutput(path: string, overwrite: boolean): Promise<Writable> {
  return new Promise((resolve, reject) => {
    const stream = createWriteStream(path, { flags: overwrite ? 'w' : 'wx', mode: 0o600 })
    stream.once('open', () => resolve(stream))
    stream.once('error', reject)
  })
}

/** A pass-through that counts bytes and reports progress at most every 200 ms. */
function counter(
  total: number,
  phase: string,
  onProgress: ((p: WorkProgress) => void) | undefined,
): { stream: Transform; bytes: () => number } {
  let done = 0
  let last = 0
  onProgress?.({ phase, done: 0, total })
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      done += chunk.length
      const now = Date.now()
      if (now - last > 200) {
        last = now
        onProgress?.({ phase, done: Math.min(done, total || done), total: total || done })
      }
      callback(null, chunk)
    },
    flush(callback) {
      onProgress?.({ phase, done, total: Math.max(total, done) })
      callback()
    },
  })
  return { stream, bytes: () => done }
}
